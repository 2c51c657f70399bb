import Foundation
import RetinaAnnotation

/// Accounts, sessions, labelling projects, labels and the audit trail. Every
/// change of a label, a reference, an account's role or a project is written
/// together with its audit entry, in one transaction.
public protocol AnnotationRepository: Sendable {
    // Accounts and sessions.
    func createUser(_ user: UserAccount, actor: String) async throws
    func user(named username: String) async throws -> UserAccount?
    func users() async throws -> [UserAccount]
    func setRole(_ role: AnnotationRole, of username: String, actor: String, atMs: Int64) async throws
    func createSession(_ session: UserSession) async throws
    func session(tokenHash: String) async throws -> UserSession?
    func touchSession(tokenHash: String, atMs: Int64) async throws
    func deleteSession(tokenHash: String) async throws
    func recordLoginAttempt(username: String, succeeded: Bool, atMs: Int64) async throws
    func failedLogins(username: String, sinceMs: Int64) async throws -> Int

    // Projects and photographs.
    /// Keeps a project photograph's bytes (by content hash, beside the analyses' photographs;
    /// retention never removes one a project uses) and returns the hash.
    func storeProjectImage(_ bytes: [UInt8]) async throws -> String
    func projectImage(sha256: String) async throws -> [UInt8]?
    func createProject(_ project: AnnotationProject, members: [String], actor: String) async throws
    func project(id: String) async throws -> AnnotationProject?
    func projects(of username: String) async throws -> [AnnotationProject]
    func members(of projectID: String) async throws -> [String]
    /// Adds photographs (their images already in the image store) with their assignments.
    func addPhotographs(_ photographs: [ProjectPhotograph], assignments: [PhotographAssignmentRecord], actor: String, atMs: Int64) async throws
    func photographs(of projectID: String) async throws -> [ProjectPhotograph]
    func photograph(id: String) async throws -> ProjectPhotograph?
    func assignees(of photographID: String) async throws -> [String]
    func assignments(of projectID: String) async throws -> [PhotographAssignmentRecord]

    // Labels.
    func saveAnnotation(_ annotation: StoredAnnotation, actor: String) async throws
    func annotations(of photographID: String) async throws -> [StoredAnnotation]
    func annotations(inProject projectID: String) async throws -> [StoredAnnotation]
    func saveReference(_ reference: StoredReference, actor: String) async throws
    func reference(of photographID: String) async throws -> StoredReference?
    func references(inProject projectID: String) async throws -> [StoredReference]
    /// How many photographs have a reference, in every project.
    func referenceCount() async throws -> Int
    func addComparison(_ comparison: StoredComparison) async throws
    func comparisons(inProject projectID: String) async throws -> [StoredComparison]

    // The audit trail.
    func auditEntries() async throws -> [AuditEntry]
}

extension AnnotationRepository {
    /// Recomputes the whole audit chain.
    public func verifyAuditTrail() async throws -> AuditChain.Verification {
        AuditChain.verify(try await auditEntries())
    }
}
