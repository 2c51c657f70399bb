import GRDB

/// Where an alias of a task points: `production` is what reports use, `candidate` what
/// is being judged (gate, shadow runs). Every move is in `AliasMove` and the audit trail.
public struct ModelAlias: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model_alias"

    public enum Name: String, Codable, Sendable, CaseIterable {
        case production, candidate
    }

    public var task: String
    public var alias: Name
    public var versionID: String
    public var movedAtMs: Int64
    public var movedBy: String

    public init(task: String, alias: Name, versionID: String, movedAtMs: Int64, movedBy: String) {
        (self.task, self.alias, self.versionID, self.movedAtMs, self.movedBy) = (task, alias, versionID, movedAtMs, movedBy)
    }
}
