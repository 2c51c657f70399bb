import Foundation
import GRDB
import RetinaAnnotation

extension SQLiteStore: AnnotationRepository {
    public func createUser(_ user: UserAccount, actor: String) async throws {
        try await database.write { db in
            try user.insert(db)
            try AuditChain.append(db, actor: actor, action: "user.create", entity: "user/\(user.username)",
                                  before: String?.none, after: ["role": user.role.rawValue], atMs: user.createdAtMs)
        }
    }

    public func user(named username: String) async throws -> UserAccount? {
        try await database.read { db in try UserAccount.fetchOne(db, key: username) }
    }

    public func users() async throws -> [UserAccount] {
        try await database.read { db in try UserAccount.order(Column("username")).fetchAll(db) }
    }

    public func setRole(_ role: AnnotationRole, of username: String, actor: String, atMs: Int64) async throws {
        try await database.write { db in
            guard var user = try UserAccount.fetchOne(db, key: username) else { throw StoreError.notFound("user \(username)") }
            let before = user.role
            user.role = role
            try user.update(db)
            try AuditChain.append(db, actor: actor, action: "user.role", entity: "user/\(username)",
                                  before: ["role": before.rawValue], after: ["role": role.rawValue], atMs: atMs)
        }
    }

    public func createSession(_ session: UserSession) async throws {
        try await database.write { db in try session.insert(db) }
    }

    public func session(tokenHash: String) async throws -> UserSession? {
        try await database.read { db in try UserSession.fetchOne(db, key: tokenHash) }
    }

    public func touchSession(tokenHash: String, atMs: Int64) async throws {
        _ = try await database.write { db in
            try UserSession.filter(key: tokenHash).updateAll(db, Column("lastSeenAtMs").set(to: atMs))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        _ = try await database.write { db in try UserSession.deleteOne(db, key: tokenHash) }
    }

    public func recordLoginAttempt(username: String, succeeded: Bool, atMs: Int64) async throws {
        try await database.write { db in
            try db.execute(sql: "INSERT INTO login_attempt (username, succeeded, atMs) VALUES (?, ?, ?)",
                           arguments: [username, succeeded, atMs])
        }
    }

    /// Failures since `sinceMs` and since the last success.
    public func failedLogins(username: String, sinceMs: Int64) async throws -> Int {
        try await database.read { db in
            let lastSuccess = try Int64.fetchOne(db, sql: "SELECT MAX(atMs) FROM login_attempt WHERE username = ? AND succeeded",
                                                 arguments: [username]) ?? Int64.min
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_attempt WHERE username = ? AND NOT succeeded AND atMs >= ? AND atMs > ?",
                                    arguments: [username, sinceMs, lastSuccess]) ?? 0
        }
    }

    public func storeProjectImage(_ bytes: [UInt8]) async throws -> String {
        let images = images
        // Inside a write, like a save, so that retention's check-and-remove cannot fall in between.
        try await database.write { _ in _ = try images.store(bytes) }
        return ImageStore.hash(bytes)
    }

    public func projectImage(sha256: String) async throws -> [UInt8]? {
        try images.load(sha256)
    }

    public func createProject(_ project: AnnotationProject, members: [String], actor: String) async throws {
        try await database.write { db in
            try project.insert(db)
            for member in Set(members).sorted() { try ProjectMember(projectID: project.id, username: member).insert(db) }
            try AuditChain.append(db, actor: actor, action: "project.create", entity: "project/\(project.id)", before: String?.none,
                                  after: ["name": project.name, "members": Set(members).sorted().joined(separator: ","),
                                          "annotatorsPerPhotograph": String(project.annotatorsPerPhotograph)],
                                  atMs: project.createdAtMs)
        }
    }

    public func project(id: String) async throws -> AnnotationProject? {
        try await database.read { db in try AnnotationProject.fetchOne(db, key: id) }
    }

    public func projects(of username: String) async throws -> [AnnotationProject] {
        try await database.read { db in
            try AnnotationProject.fetchAll(db, sql: """
                SELECT p.* FROM annotation_project p JOIN project_member m ON m.projectID = p.id
                WHERE m.username = ? ORDER BY p.createdAtMs, p.id
                """, arguments: [username])
        }
    }

    public func members(of projectID: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT username FROM project_member WHERE projectID = ? ORDER BY username", arguments: [projectID])
        }
    }

    public func addPhotographs(_ photographs: [ProjectPhotograph], assignments: [PhotographAssignmentRecord], actor: String, atMs: Int64) async throws {
        guard let projectID = photographs.first?.projectID else { return }
        try await database.write { db in
            for photograph in photographs { try photograph.insert(db) }
            for assignment in assignments { try assignment.insert(db) }
            try AuditChain.append(db, actor: actor, action: "project.import", entity: "project/\(projectID)", before: String?.none,
                                  after: ["photographs": photographs.map(\.id), "assignments": assignments.map { "\($0.photographID)→\($0.username)" }],
                                  atMs: atMs)
        }
    }

    public func photographs(of projectID: String) async throws -> [ProjectPhotograph] {
        try await database.read { db in
            try ProjectPhotograph.filter(Column("projectID") == projectID).order(Column("position")).fetchAll(db)
        }
    }

    public func photograph(id: String) async throws -> ProjectPhotograph? {
        try await database.read { db in try ProjectPhotograph.fetchOne(db, key: id) }
    }

    public func assignees(of photographID: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(db, sql: "SELECT username FROM photograph_assignment WHERE photographID = ? ORDER BY username",
                                arguments: [photographID])
        }
    }

    public func assignments(of projectID: String) async throws -> [PhotographAssignmentRecord] {
        try await database.read { db in
            try PhotographAssignmentRecord.fetchAll(db, sql: """
                SELECT a.* FROM photograph_assignment a JOIN project_photograph p ON p.id = a.photographID
                WHERE p.projectID = ? ORDER BY p.position, a.username
                """, arguments: [projectID])
        }
    }

    public func saveAnnotation(_ annotation: StoredAnnotation, actor: String) async throws {
        try await database.write { db in
            let before = try StoredAnnotation.fetchOne(db, key: ["photographID": annotation.photographID, "username": annotation.username])
            try annotation.save(db)
            try AuditChain.append(db, actor: actor, action: "annotation.save",
                                  entity: "photograph/\(annotation.photographID)/annotator/\(annotation.username)",
                                  before: before?.labels, after: annotation.labels, atMs: annotation.updatedAtMs)
        }
    }

    public func annotations(of photographID: String) async throws -> [StoredAnnotation] {
        try await database.read { db in
            try StoredAnnotation.filter(Column("photographID") == photographID).order(Column("username")).fetchAll(db)
        }
    }

    public func annotations(inProject projectID: String) async throws -> [StoredAnnotation] {
        try await database.read { db in
            try StoredAnnotation.fetchAll(db, sql: """
                SELECT a.* FROM stored_annotation a JOIN project_photograph p ON p.id = a.photographID
                WHERE p.projectID = ? ORDER BY p.position, a.username
                """, arguments: [projectID])
        }
    }

    public func saveReference(_ reference: StoredReference, actor: String) async throws {
        try await database.write { db in
            let before = try StoredReference.fetchOne(db, key: reference.photographID)
            try reference.save(db)
            try AuditChain.append(db, actor: actor, action: "reference.adjudicate", entity: "photograph/\(reference.photographID)/reference",
                                  before: before?.reference, after: reference.reference, atMs: reference.updatedAtMs)
        }
    }

    public func reference(of photographID: String) async throws -> StoredReference? {
        try await database.read { db in try StoredReference.fetchOne(db, key: photographID) }
    }

    public func referenceCount() async throws -> Int {
        try await database.read { db in try StoredReference.fetchCount(db) }
    }

    public func references(inProject projectID: String) async throws -> [StoredReference] {
        try await database.read { db in
            try StoredReference.fetchAll(db, sql: """
                SELECT r.* FROM stored_reference r JOIN project_photograph p ON p.id = r.photographID
                WHERE p.projectID = ? ORDER BY p.position
                """, arguments: [projectID])
        }
    }

    public func addComparison(_ comparison: StoredComparison) async throws {
        try await database.write { db in
            try comparison.insert(db)
            try AuditChain.append(db, actor: comparison.username, action: "comparison.add", entity: "project/\(comparison.projectID)/comparison",
                                  before: String?.none, after: ["winner": comparison.winnerID, "loser": comparison.loserID], atMs: comparison.atMs)
        }
    }

    public func comparisons(inProject projectID: String) async throws -> [StoredComparison] {
        try await database.read { db in
            try StoredComparison.filter(Column("projectID") == projectID).order(Column("id")).fetchAll(db)
        }
    }

    public func auditEntries() async throws -> [AuditEntry] {
        try await database.read { db in try AuditEntry.order(Column("sequence")).fetchAll(db) }
    }
}
