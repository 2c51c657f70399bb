import GRDB

/// A unit of long work (re-analysing an archive, profiling, training) that any
/// worker may drain from the queue. A claimed job is leased: a worker that dies
/// stops renewing its lease and the job returns to the queue when the lease ends.
public struct Job: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "job"

    public enum Status: String, Codable, Sendable, CaseIterable {
        case queued, running, succeeded, cancelled
        /// Out of attempts: kept for a person to look at, never retried by itself.
        case dead
    }

    public var id: String
    public var type: String
    /// The job's parameters, JSON.
    public var payload: String
    /// Higher runs first.
    public var priority: Int
    public var status: Status
    public var attempts: Int
    public var maxAttempts: Int
    /// A job submitted twice with the same key is one job.
    public var idempotencyKey: String?
    /// Not before this time (back-off after a failure).
    public var availableAtMs: Int64
    /// While running: the worker and until when its claim holds.
    public var workerID: String?
    public var leaseUntilMs: Int64?
    public var progress: Double
    public var progressNote: String?
    public var result: String?
    public var lastError: String?
    public var cancelRequested: Bool
    public var createdAtMs: Int64
    public var updatedAtMs: Int64

    public init(id: String, type: String, payload: String, priority: Int = 0, maxAttempts: Int = 3, idempotencyKey: String? = nil, atMs: Int64) {
        (self.id, self.type, self.payload, self.priority, self.maxAttempts, self.idempotencyKey) = (id, type, payload, priority, maxAttempts, idempotencyKey)
        (status, attempts, availableAtMs, progress, cancelRequested, createdAtMs, updatedAtMs) = (.queued, 0, atMs, 0, false, atMs, atMs)
    }
}
