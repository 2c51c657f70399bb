import Foundation

/// A durable queue of typed jobs: priority, attempts with exponential back-off, a
/// lease that returns the job of a worker that died, idempotency keys, a dead-letter
/// state and cancellation. Claiming is safe with any number of workers on any
/// number of machines (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: one writer).
public protocol JobQueue: Sendable {
    /// Queues `job`, or returns the job already queued under its idempotency key.
    func submit(_ job: Job) async throws -> Job
    /// The highest-priority job of `types` that is due, or whose lease ran out, now leased to `worker`.
    func claim(types: [String], worker: String, lease: Duration, atMs: Int64) async throws -> Job?
    /// Renews the lease and records progress; false when the job is no longer this worker's
    /// (its lease ran out and another took it) or when cancellation was asked for.
    func heartbeat(jobID: String, worker: String, progress: Double, note: String?, lease: Duration, atMs: Int64) async throws -> Bool
    func complete(jobID: String, worker: String, result: String, atMs: Int64) async throws
    /// A failed attempt: queued again after a back-off, or dead when out of attempts.
    func fail(jobID: String, worker: String, error: String, atMs: Int64) async throws
    /// Cancels a queued job at once; a running one when its worker next beats.
    func cancel(jobID: String, atMs: Int64) async throws -> Job?
    func job(id: String) async throws -> Job?
    func jobs(limit: Int) async throws -> [Job]
}

extension Job {
    /// 2^attempts seconds, at most 10 minutes.
    static func backOffMs(afterAttempts attempts: Int) -> Int64 { Int64(min(600, 1 << min(attempts, 10))) * 1000 }
}
