import Foundation
import Logging
import RetinaStore
import ServiceLifecycle

/// Drains the job queue: claims a due job of a type it handles, runs it while its
/// progress keeps the lease alive, records the outcome, and waits `pollInterval`
/// when there is nothing to do. Any number of workers, on any machines, may drain
/// one queue. A graceful shutdown lets the running job's lease lapse rather than
/// lose it: another worker takes it up.
public struct JobWorker: Service {
    public let queue: any JobQueue
    public let handlers: [String: any JobHandler]
    public let workerID: String
    public let lease: Duration
    public let pollInterval: Duration
    let logger: Logger

    public init(queue: any JobQueue, handlers: [any JobHandler], workerID: String = "worker-\(UUID().uuidString.prefix(8))",
                lease: Duration = .seconds(60), pollInterval: Duration = .seconds(1), logger: Logger) {
        self.queue = queue
        self.handlers = Dictionary(uniqueKeysWithValues: handlers.map { ($0.type, $0) })
        self.workerID = workerID
        self.lease = lease
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let worked = (try? await drainOne()) ?? false
                if !worked { try? await Task.sleep(for: pollInterval) }
            }
        }
    }

    /// Claims and runs one job; false when none was due.
    @discardableResult
    public func drainOne() async throws -> Bool {
        guard let job = try await queue.claim(types: handlers.keys.sorted(), worker: workerID, lease: lease, atMs: Self.nowMs),
              let handler = handlers[job.type] else { return false }
        logger.info("job started", metadata: ["job": .string(job.id), "type": .string(job.type), "attempt": .stringConvertible(job.attempts)])
        let (queue, workerID, lease) = (queue, workerID, lease)
        do {
            let result = try await handler.run(job) { progress, note in
                try await queue.heartbeat(jobID: job.id, worker: workerID, progress: progress, note: note, lease: lease, atMs: Self.nowMs)
            }
            try await queue.complete(jobID: job.id, worker: workerID, result: result, atMs: Self.nowMs)
            logger.info("job finished", metadata: ["job": .string(job.id)])
        } catch is JobStopped {
            // Cancelled: record it; lost: the new holder finishes it.
            try await queue.complete(jobID: job.id, worker: workerID, result: "{\"stopped\":true}", atMs: Self.nowMs)
            logger.info("job stopped", metadata: ["job": .string(job.id)])
        } catch {
            try await queue.fail(jobID: job.id, worker: workerID, error: "\(error)", atMs: Self.nowMs)
            logger.error("job failed", metadata: ["job": .string(job.id), "error": .string("\(error)")])
        }
        return true
    }
}
