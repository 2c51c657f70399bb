import Crypto
import Foundation
import GRDB

/// One change of a label, a reference, an account or a project: who, when, what
/// it was before and after. Each entry's hash covers its content and the previous
/// entry's hash, so changing, removing or reordering any row breaks the chain
/// from there on (`AuditChain.verify`).
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_entry"

    /// 1, 2, 3… in the order the changes were committed.
    public var sequence: Int64
    public var atMs: Int64
    public var actor: String
    /// What was done, e.g. `annotation.save`, `reference.adjudicate`, `user.role`.
    public var action: String
    /// What it was done to, e.g. `photograph/<id>/annotator/<name>`.
    public var entity: String
    /// JSON of the entity before and after; nil where it did not exist.
    public var before: String?
    public var after: String?
    public var previousHash: String
    public var hash: String

    /// The hash of an entry with these contents after `previousHash`: SHA-256 of the
    /// JSON of every field but the hash itself, keys sorted.
    public static func hash(sequence: Int64, atMs: Int64, actor: String, action: String, entity: String,
                            before: String?, after: String?, previousHash: String) -> String {
        struct Content: Encodable {
            let sequence: Int64, atMs: Int64, actor: String, action: String, entity: String
            let before: String?, after: String?, previousHash: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let content = Content(sequence: sequence, atMs: atMs, actor: actor, action: action, entity: entity,
                              before: before, after: after, previousHash: previousHash)
        let data = (try? encoder.encode(content)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The hash before the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)
}
