import Foundation
import GRDB
import PostgresNIO
import RetinaAnnotation
import Testing
@testable import RetinaStore

@Suite("Annotation repository contract")
struct AnnotationRepositoryContractTests {
    static func repository(_ backend: StoreBackend) async throws -> (any AnnotationRepository, StoreUnderTest) {
        let store = try await backend.make()
        return (try #require(store.repository as? any AnnotationRepository), store)
    }

    static func project(_ repository: any AnnotationRepository) async throws -> AnnotationProject {
        for (name, role) in [("ann", AnnotationRole.annotator), ("bea", .annotator), ("adj", .adjudicator), ("root", .admin)] {
            try await repository.createUser(UserAccount(username: name, passwordHash: "h", role: role, createdAtMs: 1), actor: "setup")
        }
        let project = AnnotationProject(id: "p1", name: "ROP pilot", schema: .icrop3, annotatorsPerPhotograph: 2, createdAtMs: 2)
        try await repository.createProject(project, members: ["ann", "bea", "adj"], actor: "root")
        let photographs = (0 ..< 3).map {
            ProjectPhotograph(id: "p1-\($0)", projectID: "p1", position: $0, imagePath: "img\($0).png", imageSHA256: String(repeating: "a", count: 64),
                              width: 640, height: 480, split: "test", draft: ["eye": .option("left")])
        }
        let assignments = photographs.flatMap { [PhotographAssignmentRecord(photographID: $0.id, username: "ann"),
                                                 PhotographAssignmentRecord(photographID: $0.id, username: "bea")] }
        try await repository.addPhotographs(photographs, assignments: assignments, actor: "root", atMs: 3)
        return project
    }

    @Test("Accounts, roles and sessions come back as stored; a role change is audited", arguments: StoreBackend.available)
    func accountsAndSessions(backend: StoreBackend) async throws {
        let (repository, store) = try await Self.repository(backend)
        defer { store.cleanUp() }
        try await repository.createUser(UserAccount(username: "ann", passwordHash: "$2b$hash", role: .annotator, createdAtMs: 10), actor: "root")
        #expect(try await repository.user(named: "ann")?.passwordHash == "$2b$hash")
        await #expect(throws: (any Error).self) {
            try await repository.createUser(UserAccount(username: "ann", passwordHash: "x", role: .admin, createdAtMs: 11), actor: "root")
        }
        try await repository.setRole(.adjudicator, of: "ann", actor: "root", atMs: 12)
        #expect(try await repository.user(named: "ann")?.role == .adjudicator)
        await #expect(throws: StoreError.notFound("user nobody")) { try await repository.setRole(.admin, of: "nobody", actor: "root", atMs: 13) }
        try await repository.createSession(UserSession(tokenHash: "t", username: "ann", csrfToken: "c", createdAtMs: 20, lastSeenAtMs: 20))
        try await repository.touchSession(tokenHash: "t", atMs: 30)
        #expect(try await repository.session(tokenHash: "t")?.lastSeenAtMs == 30)
        try await repository.deleteSession(tokenHash: "t")
        #expect(try await repository.session(tokenHash: "t") == nil)
        let trail = try await repository.auditEntries()
        #expect(trail.map(\.action) == ["user.create", "user.role"])
        #expect(trail[1].before == #"{"role":"annotator"}"# && trail[1].after == #"{"role":"adjudicator"}"#)
    }

    @Test("Failed logins are counted since a time and since the last success", arguments: StoreBackend.available)
    func loginAttempts(backend: StoreBackend) async throws {
        let (repository, store) = try await Self.repository(backend)
        defer { store.cleanUp() }
        for at in [100, 200, 300] { try await repository.recordLoginAttempt(username: "ann", succeeded: false, atMs: Int64(at)) }
        #expect(try await repository.failedLogins(username: "ann", sinceMs: 150) == 2)
        try await repository.recordLoginAttempt(username: "ann", succeeded: true, atMs: 400)
        try await repository.recordLoginAttempt(username: "ann", succeeded: false, atMs: 500)
        #expect(try await repository.failedLogins(username: "ann", sinceMs: 0) == 1)
        #expect(try await repository.failedLogins(username: "bea", sinceMs: 0) == 0)
    }

    @Test("Projects, photographs, assignments, labels, references and comparisons; every change in a chain that verifies",
          arguments: StoreBackend.available)
    func labelling(backend: StoreBackend) async throws {
        let (repository, store) = try await Self.repository(backend)
        defer { store.cleanUp() }
        _ = try await Self.project(repository)
        #expect(try await repository.projects(of: "ann").map(\.id) == ["p1"])
        #expect(try await repository.projects(of: "root").isEmpty)
        #expect(try await repository.project(id: "p1")?.schema == .icrop3)
        #expect(try await repository.members(of: "p1") == ["adj", "ann", "bea"])
        #expect(try await repository.photographs(of: "p1").map(\.id) == ["p1-0", "p1-1", "p1-2"])
        #expect(try await repository.photograph(id: "p1-1")?.draft == ["eye": .option("left")])
        #expect(try await repository.assignees(of: "p1-0") == ["ann", "bea"])
        #expect(try await repository.assignments(of: "p1").count == 6)

        try await repository.saveAnnotation(StoredAnnotation(photographID: "p1-0", username: "ann", labels: ["stage": .option("2")],
                                                             acceptedDraftFields: [], updatedAtMs: 50), actor: "ann")
        try await repository.saveAnnotation(StoredAnnotation(photographID: "p1-0", username: "ann", labels: ["stage": .option("3")],
                                                             acceptedDraftFields: ["eye"], updatedAtMs: 60), actor: "ann")
        try await repository.saveAnnotation(StoredAnnotation(photographID: "p1-0", username: "bea", labels: ["stage": .option("3")],
                                                             acceptedDraftFields: [], updatedAtMs: 61), actor: "bea")
        #expect(try await repository.annotations(of: "p1-0").map(\.labels) == [["stage": .option("3")], ["stage": .option("3")]])
        #expect(try await repository.annotations(inProject: "p1").count == 2)
        let reference = try Adjudication(schema: .icrop3).reference(for: try await repository.annotations(of: "p1-0").map(\.annotation))
        try await repository.saveReference(StoredReference(photographID: "p1-0", reference: reference, updatedAtMs: 70), actor: "adj")
        #expect(try await repository.reference(of: "p1-0")?.reference == reference)
        #expect(try await repository.references(inProject: "p1").count == 1)
        #expect(try await repository.referenceCount() == 1)
        try await repository.addComparison(StoredComparison(projectID: "p1", winnerID: "p1-0", loserID: "p1-1", username: "adj", atMs: 80))
        #expect(try await repository.comparisons(inProject: "p1").map(\.winnerID) == ["p1-0"])

        let trail = try await repository.auditEntries()
        #expect(trail.map(\.action) == ["user.create", "user.create", "user.create", "user.create", "project.create", "project.import",
                                        "annotation.save", "annotation.save", "annotation.save", "reference.adjudicate", "comparison.add"])
        let edit = trail[7]
        #expect(edit.actor == "ann" && edit.entity == "photograph/p1-0/annotator/ann")
        #expect(edit.before == #"{"stage":{"option":"2"}}"# && edit.after == #"{"stage":{"option":"3"}}"#)
        let verification = try await repository.verifyAuditTrail()
        #expect(verification.isIntact && verification.entries == trail.count && verification.headHash == trail.last?.hash)
    }

    @Test("The trail refuses updates and deletes; a row changed behind the database's back is found", arguments: StoreBackend.available)
    func tamperEvidence(backend: StoreBackend) async throws {
        let (repository, store) = try await Self.repository(backend)
        defer { store.cleanUp() }
        _ = try await Self.project(repository)
        /// Raw SQL on whichever database the backend is.
        func execute(_ sql: String) async throws {
            if let sqlite = repository as? SQLiteStore {
                try await sqlite.database.write { db in try db.execute(sql: sql) }
            } else if let postgres = repository as? PostgresStore {
                try await postgres.client.query(PostgresQuery(unsafeSQL: sql))
            }
        }
        await #expect(throws: (any Error).self) { try await execute("UPDATE audit_entry SET actor = 'mallory' WHERE sequence = 2") }
        await #expect(throws: (any Error).self) { try await execute("DELETE FROM audit_entry WHERE sequence = 2") }
        #expect(try await repository.verifyAuditTrail().isIntact)
        let intact = try await repository.auditEntries()
        // Someone with the database's owner rights drops the guard and edits an entry.
        if repository is SQLiteStore {
            try await execute("DROP TRIGGER audit_entry_no_update")
        } else {
            try await execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change")
        }
        try await execute(#"UPDATE audit_entry SET after = '{"role":"admin"}' WHERE sequence = 2"#)
        let verification = try await repository.verifyAuditTrail()
        #expect(verification.failure?.sequence == 2 && verification.failure?.reason == "its content was changed")
        // Removing an entry instead breaks the sequence where it was.
        var removed = intact
        removed.remove(at: 3)
        #expect(AuditChain.verify(removed).failure?.sequence == 5)
    }
}
