import Foundation
import RetinaEvaluation
import RetinaModels
import RetinaStore
import RetinaTraining
import Synchronization

/// `train`: `ropscreen train` as a job — a recipe under the import root trained on the data
/// under it, or on a labelled-data snapshot (the doctors' references and confirmations, in
/// place of the recipe's manifests), with the trainer's steps, loss and ETA as the job's progress, and cancellation
/// stopping the training at its next step. The bundle is written to
/// `<data folder>/training/<job id>/model`; with a registry it is registered as a new version
/// and made its task's `candidate`, for the gate to judge (never promoted by the job).
public struct TrainingJob: JobHandler {
    public let type = "train"
    let configuration: ServerConfiguration
    let registry: RegistryService?

    public init(configuration: ServerConfiguration, registry: RegistryService?) {
        (self.configuration, self.registry) = (configuration, registry)
    }

    /// The recipe (a path under the import root), the folder its manifests are relative to
    /// (under the import root; the import root itself by default), an optional step count, and
    /// optionally a data snapshot (its hash) to train on instead of the recipe's manifests.
    public struct Payload: Codable, Sendable {
        public var recipe: String
        public var data: String?
        public var steps: Int?
        public var snapshot: String?

        public init(recipe: String, data: String? = nil, steps: Int? = nil, snapshot: String? = nil) {
            (self.recipe, self.data, self.steps, self.snapshot) = (recipe, data, steps, snapshot)
        }

        public static let stepRange = 1 ... 100_000

        /// A data snapshot's hash is 64 lowercase hex digits.
        public static func validate(snapshot: String?) throws {
            if let snapshot, snapshot.count != 64 || !snapshot.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                throw APIError(.invalidParameter, "snapshot is a data snapshot's hash (64 lowercase hex digits)")
            }
        }

        public func validate() throws {
            if recipe.isEmpty { throw APIError(.invalidParameter, "a train job names its recipe") }
            if let steps, !Self.stepRange.contains(steps) { throw APIError(.invalidParameter, "steps must be in \(Self.stepRange)") }
            try Self.validate(snapshot: snapshot)
            if snapshot != nil && data != nil { throw APIError(.invalidParameter, "a train job takes its data from data or from a snapshot, not both") }
        }
    }

    public struct Outcome: Codable, Sendable, Equatable {
        public var task: AnalysisTask
        public var steps: Int
        public var seconds: Double
        /// Relative to the data folder.
        public var model: String
        /// The registered version, made the task's candidate, when the worker has a registry.
        public var version: String?
    }

    /// What the training thread last reported, read by the job's loop.
    final class Progress: Sendable {
        private let state = Mutex((step: 0, loss: Double.nan, stopped: false, finished: false))
        func update(step: Int, loss: Double) throws {
            let stopped = state.withLock { state in
                (state.step, state.loss) = (step, loss)
                return state.stopped
            }
            if stopped { throw JobStopped() }
        }
        func stop() { state.withLock { $0.stopped = true } }
        func finish() { state.withLock { $0.finished = true } }
        var current: (step: Int, loss: Double, finished: Bool) { state.withLock { ($0.step, $0.loss, $0.finished) } }
    }

    public func run(_ job: Job, report: @Sendable (Double, String) async throws -> Bool) async throws -> String {
        guard let root = configuration.importRoot else { throw APIError(.forbidden, "this worker has no import root (--import-root)") }
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        try payload.validate()
        let recipeURL = try ProjectSource.resolve(payload.recipe, under: root)
        var recipe: Recipe
        do { recipe = try Recipe.read(recipeURL) } catch { throw APIError(.invalidParameter, "the recipe cannot be read: \(error)") }
        if let steps = payload.steps { recipe.trainer.steps = steps }
        let folder = "training/\(job.id)"
        var dataRoot = try payload.data.map { try ProjectSource.resolve($0, under: root) } ?? root
        if let snapshot = payload.snapshot {
            guard let registry else { throw APIError(.forbidden, "this worker has no model registry to read snapshot \(snapshot) from") }
            dataRoot = configuration.dataDirectory.appendingPathComponent(folder + "/data")
            let images = try ImageStore(directory: configuration.dataDirectory.appendingPathComponent("images"))
            let laid = try await SnapshotTrainingData.materialize(hash: snapshot, registry: registry.registry, images: images, into: dataRoot)
            recipe.manifests = [SnapshotTrainingData.manifestPath]
            _ = try await report(0, "snapshot \(snapshot.prefix(12)): \(laid.rows) photograph(s)\(laid.missing > 0 ? ", \(laid.missing) no longer kept" : "")")
        }
        let output = configuration.dataDirectory.appendingPathComponent(folder + "/model")
        var run = RecipeRun(recipe: recipe, recipePath: payload.recipe, dataRoot: dataRoot,
                            work: configuration.dataDirectory.appendingPathComponent(folder + "/work"), outputDirectory: output)
        run.showsProgress = false
        run.resume = true  // a job taken over after a worker died goes on from the last checkpoint
        let progress = Progress()
        run.afterStep = { step, loss in try progress.update(step: step, loss: loss) }
        let started = Date()
        let training = Task.detached { [run] in
            defer { progress.finish() }
            return try RecipeTraining.run(run, evaluateOnTest: false) { _ in }
        }
        let total = recipe.trainer.steps
        var finished = false
        while !finished {
            try? await Task.sleep(for: .milliseconds(500))
            let (step, loss, done) = progress.current
            let elapsed = Date().timeIntervalSince(started)
            let eta = step > 0 ? elapsed / Double(step) * Double(total - step) : .nan
            let note = String(format: "step %d/%d, loss %.4f, ETA %.0f s", step, total, loss, eta)
            if try await !report(Double(step) / Double(max(1, total)) * 0.95, note) { progress.stop() }
            finished = done
        }
        let card = try await training.value
        var outcome = Outcome(task: card.task, steps: card.training?.steps ?? total, seconds: Date().timeIntervalSince(started),
                              model: folder + "/model", version: nil)
        if let registry {
            let version = try await registry.register(bundle: output, recipe: payload.recipe, snapshotHash: payload.snapshot, actor: "job:\(job.id)")
            _ = try await registry.nominate(task: card.task, versionID: version.id, actor: "job:\(job.id)")
            outcome.version = version.id
        }
        _ = try await report(1, "trained \(outcome.steps) steps")
        return String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
    }
}
