import GRDB

/// A photograph of a task's locked evaluation set: what candidates are judged on, never
/// used for training. Adding one is an explicit, audited act; none is ever removed.
public struct LockedPhotograph: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "locked_photograph"

    public var task: String
    /// The photograph, in the image store by hash.
    public var imageSHA256: String
    /// The reference label (true: the finding is present, e.g. ROP).
    public var positive: Bool
    /// Where it came from, e.g. `project/<id>/photograph/<id>`.
    public var source: String
    public var addedAtMs: Int64
    public var addedBy: String

    public init(task: String, imageSHA256: String, positive: Bool, source: String, addedAtMs: Int64, addedBy: String) {
        (self.task, self.imageSHA256, self.positive, self.source, self.addedAtMs, self.addedBy) = (task, imageSHA256, positive, source, addedAtMs, addedBy)
    }
}
