import Foundation
import FundusImaging
import RetinaModels
import Torch
import TorchNN

/// What every task's training shares: the network from the recipe (and its
/// transfer-learning start), AdamW over the recipe's parameter groups, the
/// trainer with resumable checkpoints, seeded background batches, plots, and
/// the bundle with its card.
public struct RecipeRun: Sendable {
    public let recipe: Recipe
    public let recipePath: String
    /// The folder that the recipe's manifests are relative to.
    public let dataRoot: URL
    /// Checkpoints, log and plots.
    public let work: URL
    /// Where the model bundle is written.
    public let outputDirectory: URL
    public var showsProgress = true
    public var resume = false
    /// Sees every step (number, running mean loss), as a training job reports its progress; a throw stops the run.
    public var afterStep: (@Sendable (_ step: Int, _ meanLoss: Double) throws -> Void)?

    public init(recipe: Recipe, recipePath: String, dataRoot: URL, work: URL, outputDirectory: URL) {
        self.recipe = recipe
        self.recipePath = recipePath
        self.dataRoot = dataRoot
        self.work = work
        self.outputDirectory = outputDirectory
    }

    /// A generator for batch `step` alone, so that a resumed run sees the same batches.
    public static func generator(seed: UInt64, step: Int) throws -> RandomGenerator {
        try RandomGenerator(seed: seed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Trains `network` (built from the recipe's architecture) and returns it with its
    /// best weights loaded and its card filled in; it writes only checkpoints and logs in `work`.
    /// `card` is the card the weights get; `dataDescription` says which rows were used.
    public func train<Batch: Sendable>(
        network: any Layer, card: ModelCard, dataDescription: String,
        makeBatch: @escaping @Sendable (_ step: Int, _ generator: RandomGenerator) throws -> Batch,
        loss: (Batch) throws -> Tensor, validate: () throws -> [String: Double]
    ) throws -> TrainedModel {
        try recipe.transfer?.prepare(network)
        let groups = recipe.transfer?.optimizerGroups(network, learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)
            ?? [ParameterGroup(network.parameters(), learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)]
        let trainer = try Trainer(model: network, optimizer: AdamW(groups), schedule: recipe.schedule,
                                  configuration: recipe.trainer, outputDirectory: work)
        trainer.showsProgress = showsProgress
        trainer.afterStep = afterStep
        if let transfer = recipe.transfer { trainer.beforeStep = { try transfer.update(network, step: $0) } }
        let (start, best) = try trainer.restore(resume: resume)
        let seed = recipe.seed
        let loader = BatchLoader(range: start ..< recipe.trainer.steps) { step in
            try makeBatch(step, try RecipeRun.generator(seed: seed, step: step))
        }
        let result = try trainer.fit(loader: loader, startStep: start, best: best, loss: loss, validate: validate)
        try TrainingPlots.write(log: trainer.logURL, metrics: [recipe.trainer.monitor])
        try network.load(from: trainer.bestWeightsURL.path)
        var finished = card
        finished.training = TrainingRecord(
            recipe: recipePath, seed: recipe.seed, data: recipe.manifests,
            split: "\(dataDescription), minus \(recipe.validationImagesPerManifest) seeded validation image(s) per manifest",
            steps: result.lastStep, durationSeconds: result.durationSeconds, parameterCount: network.parameterCount,
            libtorch: Runtime.version, initialWeights: recipe.transfer?.provenance)
        finished.metrics["validation"] = result.bestMetrics.filter { $0.value.isFinite }  // JSON has no NaN
        return TrainedModel(network: network, card: finished)
    }
}
