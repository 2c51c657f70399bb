import Foundation
import GRDB

extension SQLiteStore: JobQueue {
    public func submit(_ job: Job) async throws -> Job {
        try await database.write { db in
            if let key = job.idempotencyKey, let existing = try Job.filter(Column("idempotencyKey") == key).fetchOne(db) { return existing }
            try job.insert(db)
            return job
        }
    }

    public func claim(types: [String], worker: String, lease: Duration, atMs: Int64) async throws -> Job? {
        try await database.write { db in
            let due = Job.filter(types.contains(Column("type")))
                .filter((Column("status") == Job.Status.queued.rawValue && Column("availableAtMs") <= atMs)
                    || (Column("status") == Job.Status.running.rawValue && Column("leaseUntilMs") < atMs))
                .order(Column("priority").desc, Column("createdAtMs"), Column("id"))
            guard var job = try due.fetchOne(db) else { return nil }
            if job.status == .running, job.attempts >= job.maxAttempts {
                // Its last worker died on its last attempt.
                job.status = .dead
                job.lastError = job.lastError ?? "the worker's lease ran out"
                job.updatedAtMs = atMs
                try job.update(db)
                return nil
            }
            job.status = .running
            job.attempts += 1
            job.workerID = worker
            job.leaseUntilMs = atMs + Int64(lease.components.seconds * 1000)
            job.updatedAtMs = atMs
            try job.update(db)
            return job
        }
    }

    public func heartbeat(jobID: String, worker: String, progress: Double, note: String?, lease: Duration, atMs: Int64) async throws -> Bool {
        try await database.write { db in
            guard var job = try Job.fetchOne(db, key: jobID), job.status == .running, job.workerID == worker else { return false }
            (job.progress, job.progressNote) = (progress, note)
            job.leaseUntilMs = atMs + Int64(lease.components.seconds * 1000)
            job.updatedAtMs = atMs
            try job.update(db)
            return !job.cancelRequested
        }
    }

    public func complete(jobID: String, worker: String, result: String, atMs: Int64) async throws {
        try await database.write { db in
            guard var job = try Job.fetchOne(db, key: jobID), job.status == .running, job.workerID == worker else { return }
            job.status = job.cancelRequested ? .cancelled : .succeeded
            (job.result, job.progress, job.leaseUntilMs, job.updatedAtMs) = (result, 1, nil, atMs)
            try job.update(db)
        }
    }

    public func fail(jobID: String, worker: String, error: String, atMs: Int64) async throws {
        try await database.write { db in
            guard var job = try Job.fetchOne(db, key: jobID), job.status == .running, job.workerID == worker else { return }
            job.lastError = error
            job.leaseUntilMs = nil
            job.workerID = nil
            if job.cancelRequested {
                job.status = .cancelled
            } else if job.attempts >= job.maxAttempts {
                job.status = .dead
            } else {
                job.status = .queued
                job.availableAtMs = atMs + Job.backOffMs(afterAttempts: job.attempts)
            }
            job.updatedAtMs = atMs
            try job.update(db)
        }
    }

    public func cancel(jobID: String, atMs: Int64) async throws -> Job? {
        try await database.write { db in
            guard var job = try Job.fetchOne(db, key: jobID) else { return nil }
            switch job.status {
            case .queued: job.status = .cancelled
            case .running: job.cancelRequested = true
            case .succeeded, .cancelled, .dead: return job
            }
            job.updatedAtMs = atMs
            try job.update(db)
            return job
        }
    }

    public func job(id: String) async throws -> Job? {
        try await database.read { db in try Job.fetchOne(db, key: id) }
    }

    public func jobs(limit: Int) async throws -> [Job] {
        try await database.read { db in try Job.order(Column("createdAtMs").desc, Column("id")).limit(max(0, limit)).fetchAll(db) }
    }
}
