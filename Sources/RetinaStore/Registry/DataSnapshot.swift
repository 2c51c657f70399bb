import GRDB

/// A labelled-data snapshot: the training manifest, the reference labels and the doctors'
/// feedback as they stood, kept as one content-addressed file (`<root>/snapshots/…`) named by
/// its SHA-256, so it can never change; a model trained from it records this hash.
public struct DataSnapshot: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "data_snapshot"

    /// SHA-256 of the content.
    public var hash: String
    public var photographs: Int
    public var positives: Int
    public var feedback: Int
    /// Photographs left out because they are in a locked evaluation set.
    public var lockedOut: Int
    /// The projects it was taken from.
    public var projects: [String]
    public var createdAtMs: Int64
    public var createdBy: String

    public init(content: [UInt8], photographs: Int, positives: Int, feedback: Int, lockedOut: Int, projects: [String], createdBy: String, atMs: Int64) {
        hash = ImageStore.hash(content)
        (self.photographs, self.positives, self.feedback, self.lockedOut, self.projects) = (photographs, positives, feedback, lockedOut, projects)
        (createdAtMs, self.createdBy) = (atMs, createdBy)
    }
}
