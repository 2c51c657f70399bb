import Foundation
import PostgresNIO

extension PostgresStore: JobQueue {
    public func submit(_ job: Job) async throws -> Job {
        let logger = logger
        return try await transaction { connection in
            if let key = job.idempotencyKey {
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: logger)
                if let existing = try await fetch(Job.self, #"SELECT * FROM job WHERE "idempotencyKey" = \#(key)"#, on: connection).first { return existing }
            }
            try await Self.insert(job, into: Job.databaseTableName, on: connection, logger: logger)
            return job
        }
    }

    public func claim(types: [String], worker: String, lease: Duration, atMs: Int64) async throws -> Job? {
        let (logger, until) = (logger, atMs + Int64(lease.components.seconds * 1000))
        return try await transaction { connection -> Job? in
            // Each worker skips the rows another is claiming: no two get the same job, none waits.
            guard var job = try await fetch(Job.self, """
                SELECT * FROM job WHERE "type" = ANY(\(types))
                  AND (("status" = 'queued' AND "availableAtMs" <= \(atMs)) OR ("status" = 'running' AND "leaseUntilMs" < \(atMs)))
                ORDER BY "priority" DESC, "createdAtMs", "id" LIMIT 1 FOR UPDATE SKIP LOCKED
                """, on: connection).first else { return nil }
            if job.status == .running, job.attempts >= job.maxAttempts {
                try await connection.query("""
                    UPDATE job SET "status" = 'dead', "lastError" = COALESCE("lastError", 'the worker''s lease ran out'), "updatedAtMs" = \(atMs)
                    WHERE "id" = \(job.id)
                    """, logger: logger)
                return nil
            }
            try await connection.query("""
                UPDATE job SET "status" = 'running', "attempts" = "attempts" + 1, "workerID" = \(worker), "leaseUntilMs" = \(until),
                  "updatedAtMs" = \(atMs) WHERE "id" = \(job.id)
                """, logger: logger)
            (job.status, job.attempts, job.workerID, job.leaseUntilMs, job.updatedAtMs) = (.running, job.attempts + 1, worker, until, atMs)
            return job
        }
    }

    public func heartbeat(jobID: String, worker: String, progress: Double, note: String?, lease: Duration, atMs: Int64) async throws -> Bool {
        let until = atMs + Int64(lease.components.seconds * 1000)
        let rows = try await client.query("""
            UPDATE job SET "progress" = \(progress), "progressNote" = \(note), "leaseUntilMs" = \(until), "updatedAtMs" = \(atMs)
            WHERE "id" = \(jobID) AND "status" = 'running' AND "workerID" = \(worker) RETURNING "cancelRequested"
            """, logger: logger).collect()
        guard let cancelRequested = try rows.first?.decode(Bool.self) else { return false }
        return !cancelRequested
    }

    public func complete(jobID: String, worker: String, result: String, atMs: Int64) async throws {
        try await client.query("""
            UPDATE job SET "status" = CASE WHEN "cancelRequested" THEN 'cancelled' ELSE 'succeeded' END, "result" = \(result), "progress" = 1,
              "leaseUntilMs" = NULL, "updatedAtMs" = \(atMs)
            WHERE "id" = \(jobID) AND "status" = 'running' AND "workerID" = \(worker)
            """, logger: logger)
    }

    public func fail(jobID: String, worker: String, error: String, atMs: Int64) async throws {
        let logger = logger
        try await transaction { connection in
            guard let job = try await fetch(Job.self, #"SELECT * FROM job WHERE "id" = \#(jobID) FOR UPDATE"#, on: connection).first,
                  job.status == .running, job.workerID == worker else { return }
            let status: Job.Status = job.cancelRequested ? .cancelled : job.attempts >= job.maxAttempts ? .dead : .queued
            let available = atMs + Job.backOffMs(afterAttempts: job.attempts)
            try await connection.query("""
                UPDATE job SET "status" = \(status.rawValue), "lastError" = \(error), "leaseUntilMs" = NULL, "workerID" = NULL,
                  "availableAtMs" = \(available), "updatedAtMs" = \(atMs) WHERE "id" = \(jobID)
                """, logger: logger)
        }
    }

    public func cancel(jobID: String, atMs: Int64) async throws -> Job? {
        try await client.query("""
            UPDATE job SET "status" = CASE WHEN "status" = 'queued' THEN 'cancelled' ELSE "status" END,
              "cancelRequested" = ("status" = 'running') OR "cancelRequested", "updatedAtMs" = \(atMs)
            WHERE "id" = \(jobID) AND "status" IN ('queued', 'running')
            """, logger: logger)
        return try await job(id: jobID)
    }

    public func job(id: String) async throws -> Job? {
        try await fetch(Job.self, #"SELECT * FROM job WHERE "id" = \#(id)"#).first
    }

    public func jobs(limit: Int) async throws -> [Job] {
        try await fetch(Job.self, #"SELECT * FROM job ORDER BY "createdAtMs" DESC, "id" LIMIT \#(max(0, limit))"#)
    }
}
