import GRDB

/// One move of an alias, kept in order (beside its audit entry) so that a rollback
/// knows where `production` was before.
public struct AliasMove: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "model_alias_move"

    public enum Kind: String, Codable, Sendable {
        /// Through the gate (or the first production model of a task).
        case promote
        /// Back to where `production` was before a promotion.
        case rollback
        /// The candidate alias set (by a training job or by hand).
        case nominate
    }

    /// 1, 2, 3… in commit order (set by the store).
    public var sequence: Int64?
    public var task: String
    public var alias: ModelAlias.Name
    public var kind: Kind
    public var fromVersionID: String?
    public var toVersionID: String
    public var actor: String
    public var reason: String?
    public var atMs: Int64

    public init(task: String, alias: ModelAlias.Name, kind: Kind, fromVersionID: String?, toVersionID: String, actor: String, reason: String?, atMs: Int64) {
        (self.task, self.alias, self.kind, self.fromVersionID, self.toVersionID) = (task, alias, kind, fromVersionID, toVersionID)
        (self.actor, self.reason, self.atMs) = (actor, reason, atMs)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { sequence = inserted.rowID }

    /// Where a rollback of `production` goes from `current`: the version it held before the
    /// latest promotion to `current`. Repeated rollbacks walk back through the promotions.
    public static func rollbackTarget(moves: [AliasMove], current: String) -> String? {
        moves.last { $0.alias == .production && $0.kind == .promote && $0.toVersionID == current }?.fromVersionID
    }
}
