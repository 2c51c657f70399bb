import Foundation
import GRDB

/// Appends to and checks the audit trail. Appending happens inside the caller's
/// write transaction, so a change and its entry are committed together or not at all.
public enum AuditChain {
    /// What `verify` found: how many entries, the hash of the last (to keep elsewhere,
    /// so that even a rewrite of the whole chain is noticed), and the first broken entry.
    public struct Verification: Sendable, Equatable {
        public let entries: Int
        public let headHash: String
        /// The sequence number of the first entry that does not verify, and why.
        public let failure: (sequence: Int64, reason: String)?

        public var isIntact: Bool { failure == nil }

        public static func == (lhs: Verification, rhs: Verification) -> Bool {
            lhs.entries == rhs.entries && lhs.headHash == rhs.headHash
                && lhs.failure?.sequence == rhs.failure?.sequence && lhs.failure?.reason == rhs.failure?.reason
        }
    }

    /// Appends an entry after the current last one.
    @discardableResult
    static func append(_ db: Database, actor: String, action: String, entity: String,
                       before: (some Encodable)?, after: (some Encodable)?, atMs: Int64) throws -> AuditEntry {
        let last = try AuditEntry.order(Column("sequence").desc).fetchOne(db)
        let sequence = (last?.sequence ?? 0) + 1
        let previousHash = last?.hash ?? AuditEntry.genesisHash
        var (beforeJSON, afterJSON): (String?, String?) = (nil, nil)
        if let before { beforeJSON = try json(before) }
        if let after { afterJSON = try json(after) }
        let entry = AuditEntry(sequence: sequence, atMs: atMs, actor: actor, action: action, entity: entity,
                               before: beforeJSON, after: afterJSON, previousHash: previousHash,
                               hash: AuditEntry.hash(sequence: sequence, atMs: atMs, actor: actor, action: action, entity: entity,
                                                     before: beforeJSON, after: afterJSON, previousHash: previousHash))
        try entry.insert(db)
        return entry
    }

    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Walks the whole chain in order and recomputes every hash.
    public static func verify(_ entries: [AuditEntry]) -> Verification {
        var previous = AuditEntry.genesisHash
        for (index, entry) in entries.enumerated() {
            let expectedSequence = Int64(index + 1)
            guard entry.sequence == expectedSequence else {
                return Verification(entries: entries.count, headHash: previous,
                                    failure: (entry.sequence, "expected entry \(expectedSequence) here: an entry was removed or reordered"))
            }
            guard entry.previousHash == previous else {
                return Verification(entries: entries.count, headHash: previous,
                                    failure: (entry.sequence, "it does not follow the entry before it"))
            }
            let recomputed = AuditEntry.hash(sequence: entry.sequence, atMs: entry.atMs, actor: entry.actor, action: entry.action,
                                             entity: entry.entity, before: entry.before, after: entry.after, previousHash: entry.previousHash)
            guard recomputed == entry.hash else {
                return Verification(entries: entries.count, headHash: previous, failure: (entry.sequence, "its content was changed"))
            }
            previous = entry.hash
        }
        return Verification(entries: entries.count, headHash: previous, failure: nil)
    }
}
