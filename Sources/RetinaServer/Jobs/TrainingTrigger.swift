import Foundation
import Logging
import RetinaStore
import ServiceLifecycle
import Synchronization

/// Queues a `train` job when the labels or the photographs call for one: every `everyLabels`
/// new references (the store's adjudicated ones, or what `countLabels` counts: `serve` counts
/// the snapshot projects' references, adjudicated or agreed by every annotator, which is what
/// the job then learns from), and when monitoring sees drift. Each trigger has its
/// idempotency key (the label milestone; the drift's day), so every server may run the trigger
/// and a restart may repeat a check: the queue holds one job per milestone all the same.
/// With `projects`, each job trains on a data snapshot of them taken when it is queued: the
/// loop from the doctors' labels to a candidate model.
public struct TrainingTrigger: Service {
    public struct Settings: Sendable {
        /// The recipe (under the workers' import root) the jobs train.
        public var recipe: String
        public var everyLabels: Int?
        public var onDrift = false
        public var interval: Duration = .seconds(30)
        /// Labelling projects whose snapshot each job trains on (empty: the recipe's own manifests).
        public var projects: [String]

        public init(recipe: String, everyLabels: Int? = nil, onDrift: Bool = false, projects: [String] = []) {
            (self.recipe, self.everyLabels, self.onDrift, self.projects) = (recipe, everyLabels, onDrift, projects)
        }
    }

    /// Takes a snapshot of the projects; its hash.
    public typealias Snapshotter = @Sendable (_ projects: [String]) async throws -> String
    /// Counts the labels the jobs would learn from.
    public typealias LabelCounter = @Sendable () async throws -> Int

    let settings: Settings
    let annotations: any AnnotationRepository
    let queue: any JobQueue
    let monitor: Monitor?
    let snapshotter: Snapshotter?
    let countLabels: LabelCounter?
    let logger: Logger
    /// The keys this process has submitted, so that a snapshot is taken once per milestone, not at every check.
    private let submitted = SubmittedKeys()

    private final class SubmittedKeys: Sendable {
        private let keys = Mutex(Set<String>())
        func withLock<R>(_ body: (inout Set<String>) -> R) -> R { keys.withLock { body(&$0) } }
    }

    public init(settings: Settings, annotations: any AnnotationRepository, queue: any JobQueue, monitor: Monitor?,
                snapshotter: Snapshotter? = nil, countLabels: LabelCounter? = nil, logger: Logger) {
        (self.settings, self.annotations, self.queue, self.monitor) = (settings, annotations, queue, monitor)
        (self.snapshotter, self.countLabels, self.logger) = (snapshotter, countLabels, logger)
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
            let labels = if let countLabels { try await countLabels() } else { try await annotations.referenceCount() }
            let milestone = labels / every * every
            if milestone > 0 { keys.append("train-after-\(milestone)-labels") }
        }
        if settings.onDrift, let monitor, try await monitor.snapshot(now: now).window(.count)?.models.contains(where: \.isDrifted) == true {
            keys.append("train-on-drift-\(Int(now.timeIntervalSince1970 / 86400))")
        }
        var jobs: [Job] = []
        for key in keys {
            var training = TrainingJob.Payload(recipe: settings.recipe)
            // A key queued before answers with its job whatever the payload: no new snapshot for it.
            if !settings.projects.isEmpty, let snapshotter, !submitted.withLock({ $0.contains(key) }) {
                training.snapshot = try await snapshotter(settings.projects)
            }
            let payload = String(decoding: try JSONEncoder().encode(training), as: UTF8.self)
            let atMs = Int64(now.timeIntervalSince1970 * 1000)
            let job = try await queue.submit(Job(id: UUID().uuidString.lowercased(), type: "train", payload: payload, maxAttempts: 2,
                                                 idempotencyKey: key, atMs: atMs))
            if job.createdAtMs == atMs { logger.info("training job queued", metadata: ["job": .string(job.id), "because": .string(key)]) }
            submitted.withLock { _ = $0.insert(key) }
            jobs.append(job)
        }
        return jobs
    }
}
