import Foundation
import PostgresNIO
import RetinaAnnotation

extension PostgresStore: AnnotationRepository {
    /// Runs `change` and appends its audit entry in one transaction, the trail's lock held
    /// so that entries chain in commit order whichever server writes them.
    func audited(actor: String, action: String, entity: String, atMs: Int64,
                 _ change: @Sendable (PostgresConnection) async throws -> (before: String?, after: String?)) async throws {
        try await audited(actor: actor, action: action, entity: entity, atMs: atMs) { connection -> ((), String?, String?) in
            let (before, after) = try await change(connection)
            return ((), before, after)
        }
    }

    /// `audited` for a change that answers a value.
    func audited<Value: Sendable>(actor: String, action: String, entity: String, atMs: Int64,
                                  _ change: @Sendable (PostgresConnection) async throws -> (Value, String?, String?)) async throws -> Value {
        let logger = logger
        return try await transaction { connection in
            let (value, before, after) = try await change(connection)
            try await connection.query("SELECT pg_advisory_xact_lock(770702)", logger: logger)
            let last = try await fetch(AuditEntry.self, #"SELECT * FROM audit_entry ORDER BY "sequence" DESC LIMIT 1"#, on: connection).first
            let sequence = (last?.sequence ?? 0) + 1
            let previousHash = last?.hash ?? AuditEntry.genesisHash
            let entry = AuditEntry(sequence: sequence, atMs: atMs, actor: actor, action: action, entity: entity, before: before, after: after,
                                   previousHash: previousHash,
                                   hash: AuditEntry.hash(sequence: sequence, atMs: atMs, actor: actor, action: action, entity: entity,
                                                         before: before, after: after, previousHash: previousHash))
            try await Self.insert(entry, into: AuditEntry.databaseTableName, on: connection, logger: logger)
            return value
        }
    }

    public func createUser(_ user: UserAccount, actor: String) async throws {
        let logger = logger
        try await audited(actor: actor, action: "user.create", entity: "user/\(user.username)", atMs: user.createdAtMs) { connection in
            try await Self.insert(user, into: UserAccount.databaseTableName, on: connection, logger: logger)
            return (nil, try AuditChain.json(["role": user.role.rawValue]))
        }
    }

    public func user(named username: String) async throws -> UserAccount? {
        try await fetch(UserAccount.self, #"SELECT * FROM user_account WHERE "username" = \#(username)"#).first
    }

    public func users() async throws -> [UserAccount] {
        try await fetch(UserAccount.self, #"SELECT * FROM user_account ORDER BY "username""#)
    }

    public func setRole(_ role: AnnotationRole, of username: String, actor: String, atMs: Int64) async throws {
        let logger = logger
        try await audited(actor: actor, action: "user.role", entity: "user/\(username)", atMs: atMs) { connection in
            let rows = try await connection.query(#"SELECT "role" FROM user_account WHERE "username" = \#(username) FOR UPDATE"#, logger: logger).collect()
            guard let before = try rows.first?.decode(String.self) else { throw StoreError.notFound("user \(username)") }
            try await connection.query(#"UPDATE user_account SET "role" = \#(role.rawValue) WHERE "username" = \#(username)"#, logger: logger)
            return (try AuditChain.json(["role": before]), try AuditChain.json(["role": role.rawValue]))
        }
    }

    public func createSession(_ session: UserSession) async throws {
        let logger = logger
        try await client.withConnection { try await Self.insert(session, into: UserSession.databaseTableName, on: $0, logger: logger) }
    }

    public func session(tokenHash: String) async throws -> UserSession? {
        try await fetch(UserSession.self, #"SELECT * FROM user_session WHERE "tokenHash" = \#(tokenHash)"#).first
    }

    public func touchSession(tokenHash: String, atMs: Int64) async throws {
        try await client.query(#"UPDATE user_session SET "lastSeenAtMs" = \#(atMs) WHERE "tokenHash" = \#(tokenHash)"#, logger: logger)
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query(#"DELETE FROM user_session WHERE "tokenHash" = \#(tokenHash)"#, logger: logger)
    }

    public func recordLoginAttempt(username: String, succeeded: Bool, atMs: Int64) async throws {
        try await client.query(#"INSERT INTO login_attempt ("username", "succeeded", "atMs") VALUES (\#(username), \#(succeeded), \#(atMs))"#, logger: logger)
    }

    public func failedLogins(username: String, sinceMs: Int64) async throws -> Int {
        try await count("""
            SELECT COUNT(*) FROM login_attempt WHERE "username" = \(username) AND NOT "succeeded" AND "atMs" >= \(sinceMs)
              AND "atMs" > COALESCE((SELECT MAX("atMs") FROM login_attempt WHERE "username" = \(username) AND "succeeded"), -1)
            """)
    }

    public func storeProjectImage(_ bytes: [UInt8]) async throws -> String {
        let (images, logger, hash) = (images, logger, ImageStore.hash(bytes))
        try await transaction { connection in
            try await Self.lockImage(hash, on: connection, logger: logger)
            _ = try images.store(bytes)
        }
        return hash
    }

    public func projectImage(sha256: String) async throws -> [UInt8]? { try images.load(sha256) }

    public func createProject(_ project: AnnotationProject, members: [String], actor: String) async throws {
        let (logger, members) = (logger, Set(members).sorted())
        try await audited(actor: actor, action: "project.create", entity: "project/\(project.id)", atMs: project.createdAtMs) { connection in
            try await Self.insert(project, into: AnnotationProject.databaseTableName, on: connection, logger: logger)
            for member in members {
                try await Self.insert(ProjectMember(projectID: project.id, username: member), into: ProjectMember.databaseTableName, on: connection, logger: logger)
            }
            return (nil, try AuditChain.json(["name": project.name, "members": members.joined(separator: ","),
                                              "annotatorsPerPhotograph": String(project.annotatorsPerPhotograph)]))
        }
    }

    public func project(id: String) async throws -> AnnotationProject? {
        try await fetch(AnnotationProject.self, #"SELECT * FROM annotation_project WHERE "id" = \#(id)"#).first
    }

    public func projects(of username: String) async throws -> [AnnotationProject] {
        try await fetch(AnnotationProject.self, """
            SELECT p.* FROM annotation_project p JOIN project_member m ON m."projectID" = p."id"
            WHERE m."username" = \(username) ORDER BY p."createdAtMs", p."id"
            """)
    }

    public func members(of projectID: String) async throws -> [String] {
        try await client.query(#"SELECT "username" FROM project_member WHERE "projectID" = \#(projectID) ORDER BY "username""#, logger: logger)
            .collect().map { try $0.decode(String.self) }
    }

    public func addPhotographs(_ photographs: [ProjectPhotograph], assignments: [PhotographAssignmentRecord], actor: String, atMs: Int64) async throws {
        guard let projectID = photographs.first?.projectID else { return }
        let logger = logger
        try await audited(actor: actor, action: "project.import", entity: "project/\(projectID)", atMs: atMs) { connection in
            for photograph in photographs {
                try await Self.insert(photograph, into: ProjectPhotograph.databaseTableName, on: connection, logger: logger)
            }
            for assignment in assignments {
                try await Self.insert(assignment, into: PhotographAssignmentRecord.databaseTableName, on: connection, logger: logger)
            }
            return (nil, try AuditChain.json(["photographs": photographs.map(\.id), "assignments": assignments.map { "\($0.photographID)→\($0.username)" }]))
        }
    }

    public func photographs(of projectID: String) async throws -> [ProjectPhotograph] {
        try await fetch(ProjectPhotograph.self, #"SELECT * FROM project_photograph WHERE "projectID" = \#(projectID) ORDER BY "position""#)
    }

    public func photograph(id: String) async throws -> ProjectPhotograph? {
        try await fetch(ProjectPhotograph.self, #"SELECT * FROM project_photograph WHERE "id" = \#(id)"#).first
    }

    public func assignees(of photographID: String) async throws -> [String] {
        try await client.query(#"SELECT "username" FROM photograph_assignment WHERE "photographID" = \#(photographID) ORDER BY "username""#, logger: logger)
            .collect().map { try $0.decode(String.self) }
    }

    public func assignments(of projectID: String) async throws -> [PhotographAssignmentRecord] {
        try await fetch(PhotographAssignmentRecord.self, """
            SELECT a.* FROM photograph_assignment a JOIN project_photograph p ON p."id" = a."photographID"
            WHERE p."projectID" = \(projectID) ORDER BY p."position", a."username"
            """)
    }

    public func saveAnnotation(_ annotation: StoredAnnotation, actor: String) async throws {
        let logger = logger
        try await audited(actor: actor, action: "annotation.save", entity: "photograph/\(annotation.photographID)/annotator/\(annotation.username)",
                          atMs: annotation.updatedAtMs) { connection in
            let before = try await fetch(StoredAnnotation.self, """
                SELECT * FROM stored_annotation WHERE "photographID" = \(annotation.photographID) AND "username" = \(annotation.username) FOR UPDATE
                """, on: connection).first
            try await Self.insert(annotation, into: StoredAnnotation.databaseTableName, on: connection, logger: logger,
                                  replacingOn: ["photographID", "username"])
            return (try before.map { try AuditChain.json($0.labels) }, try AuditChain.json(annotation.labels))
        }
    }

    public func annotations(of photographID: String) async throws -> [StoredAnnotation] {
        try await fetch(StoredAnnotation.self, #"SELECT * FROM stored_annotation WHERE "photographID" = \#(photographID) ORDER BY "username""#)
    }

    public func annotations(inProject projectID: String) async throws -> [StoredAnnotation] {
        try await fetch(StoredAnnotation.self, """
            SELECT a.* FROM stored_annotation a JOIN project_photograph p ON p."id" = a."photographID"
            WHERE p."projectID" = \(projectID) ORDER BY p."position", a."username"
            """)
    }

    public func saveReference(_ reference: StoredReference, actor: String) async throws {
        let logger = logger
        try await audited(actor: actor, action: "reference.adjudicate", entity: "photograph/\(reference.photographID)/reference",
                          atMs: reference.updatedAtMs) { connection in
            let before = try await fetch(StoredReference.self, #"SELECT * FROM stored_reference WHERE "photographID" = \#(reference.photographID) FOR UPDATE"#,
                                         on: connection).first
            try await Self.insert(reference, into: StoredReference.databaseTableName, on: connection, logger: logger, replacingOn: ["photographID"])
            return (try before.map { try AuditChain.json($0.reference) }, try AuditChain.json(reference.reference))
        }
    }

    public func reference(of photographID: String) async throws -> StoredReference? {
        try await fetch(StoredReference.self, #"SELECT * FROM stored_reference WHERE "photographID" = \#(photographID)"#).first
    }

    public func referenceCount() async throws -> Int {
        try await count("SELECT COUNT(*) FROM stored_reference")
    }

    public func references(inProject projectID: String) async throws -> [StoredReference] {
        try await fetch(StoredReference.self, """
            SELECT r.* FROM stored_reference r JOIN project_photograph p ON p."id" = r."photographID"
            WHERE p."projectID" = \(projectID) ORDER BY p."position"
            """)
    }

    public func addComparison(_ comparison: StoredComparison) async throws {
        let logger = logger
        try await audited(actor: comparison.username, action: "comparison.add", entity: "project/\(comparison.projectID)/comparison",
                          atMs: comparison.atMs) { connection in
            try await Self.insert(comparison, into: StoredComparison.databaseTableName, on: connection, logger: logger,
                                  columns: ["projectID", "winnerID", "loserID", "username", "atMs"])
            return (nil, try AuditChain.json(["winner": comparison.winnerID, "loser": comparison.loserID]))
        }
    }

    public func comparisons(inProject projectID: String) async throws -> [StoredComparison] {
        try await fetch(StoredComparison.self, #"SELECT * FROM stored_comparison WHERE "projectID" = \#(projectID) ORDER BY "id""#)
    }

    public func auditEntries() async throws -> [AuditEntry] {
        try await fetch(AuditEntry.self, #"SELECT * FROM audit_entry ORDER BY "sequence""#)
    }
}
