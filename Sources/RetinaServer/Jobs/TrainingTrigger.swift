import Foundation
import Logging
import RetinaStore
import ServiceLifecycle

/// Queues a `train` job when the labels or the photographs call for one: every `everyLabels`
/// new references (adjudicated, or agreed), and when monitoring sees drift. Each trigger has its
/// idempotency key (the label milestone; the drift's day), so every server may run the trigger
/// and a restart may repeat a check: the queue holds one job per milestone all the same.
public struct TrainingTrigger: Service {
    public struct Settings: Sendable {
        /// The recipe (under the workers' import root) the jobs train.
        public var recipe: String
        public var everyLabels: Int?
        public var onDrift = false
        public var interval: Duration = .seconds(30)

        public init(recipe: String, everyLabels: Int? = nil, onDrift: Bool = false) {
            (self.recipe, self.everyLabels, self.onDrift) = (recipe, everyLabels, onDrift)
        }
    }

    let settings: Settings
    let annotations: any AnnotationRepository
    let queue: any JobQueue
    let monitor: Monitor?
    let logger: Logger

    public init(settings: Settings, annotations: any AnnotationRepository, queue: any JobQueue, monitor: Monitor?, logger: Logger) {
        (self.settings, self.annotations, self.queue, self.monitor, self.logger) = (settings, annotations, queue, monitor, logger)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { _ = try await check() } catch { logger.warning("the training trigger's check failed", metadata: ["error": .string("\(error)")]) }
                try? await Task.sleep(for: settings.interval)
            }
        }
    }

    /// Queues what is due now; the jobs it submitted (an existing one for a key already used).
    public func check(now: Date = Date()) async throws -> [Job] {
        var keys: [String] = []
        if let every = settings.everyLabels, every > 0 {
            let milestone = try await annotations.referenceCount() / every * every
            if milestone > 0 { keys.append("train-after-\(milestone)-labels") }
        }
        if settings.onDrift, let monitor, try await monitor.snapshot(now: now).window(.count)?.models.contains(where: \.isDrifted) == true {
            keys.append("train-on-drift-\(Int(now.timeIntervalSince1970 / 86400))")
        }
        var jobs: [Job] = []
        for key in keys {
            let payload = String(decoding: try JSONEncoder().encode(TrainingJob.Payload(recipe: settings.recipe)), as: UTF8.self)
            let atMs = Int64(now.timeIntervalSince1970 * 1000)
            let job = try await queue.submit(Job(id: UUID().uuidString.lowercased(), type: "train", payload: payload, maxAttempts: 2,
                                                 idempotencyKey: key, atMs: atMs))
            if job.createdAtMs == atMs { logger.info("training job queued", metadata: ["job": .string(job.id), "because": .string(key)]) }
            jobs.append(job)
        }
        return jobs
    }
}
