import Foundation
import FundusImaging
import RetinaData
import RetinaModels
import Torch
import TorchNN

/// One site's round of a federation: the global weights in, local steps of the
/// project's trainer on the site's own train rows (FedProx's proximal term added to
/// the loss), the new weights and a `FederatedFitReport` out.
///
/// Only floating-point tensors are exchanged: a BatchNorm's integer step counter
/// would dominate an update's norm (and so the clipping of differential privacy)
/// and means nothing averaged; each site keeps its own.
public struct FederatedFit: Sendable {
    public var recipe: Recipe
    public var recipePath: String
    /// The site's manifest; its `train` rows with the recipe's labels are used, minus
    /// the recipe's validation hold-out. Paths in it are relative to it.
    public var manifest: URL
    /// The global weights (safetensors); nil starts from the recipe's seeded network.
    public var globalWeights: URL?
    /// Local optimiser steps this round.
    public var steps: Int
    /// FedProx's μ; 0 is plain FedAvg local training.
    public var mu: Double
    /// The round number, which seeds the round's batches.
    public var round: Int
    /// Checkpoints and the training log of the round.
    public var work: URL
    public var showsProgress = false

    public init(recipe: Recipe, recipePath: String, manifest: URL, globalWeights: URL?, steps: Int, mu: Double, round: Int, work: URL) {
        self.recipe = recipe
        self.recipePath = recipePath
        self.manifest = manifest
        self.globalWeights = globalWeights
        self.steps = steps
        self.mu = mu
        self.round = round
        self.work = work
    }

    /// The recipe's network as a federation starts it: seeded, and from the recipe's
    /// transfer-learning weights where it names them.
    public static func initialNetwork(recipe: Recipe) throws -> any ClassifierNetwork {
        guard recipe.task == .rop || recipe.task == .lesion, recipe.qualitySynthesis == nil,
              let classes = recipe.classes, classes.count >= 2,
              let architecture = recipe.architecture.withClasses(classes.count),
              let network = try architecture.build(generator: RandomGenerator(seed: recipe.seed)) as? any ClassifierNetwork
        else { throw FederatedError.unsupportedTask(recipe.task.rawValue) }
        try recipe.transfer?.prepare(network)
        return network
    }

    /// The tensors a federation exchanges: every floating-point parameter and buffer, in state order,
    /// but batch-norm statistics the recipe keeps from its start (every site has them already).
    public static func exchanged(_ model: any Module) -> [(name: String, tensor: Tensor)] {
        let kept = model.keptStatisticNames()
        return model.stateDict().filter { $0.tensor.dtype.isFloatingPoint && !kept.contains($0.name) }
    }

    /// Loads `url` into `model`: every exchanged tensor must be there; integer buffers stay local.
    public static func loadGlobal(_ url: URL, into model: any Module) throws {
        let file = try SafeTensors.read(url.path)
        if let missing = exchanged(model).first(where: { file.tensors[$0.name] == nil }) {
            throw FederatedError.missingWeight(missing.name)
        }
        try model.load(file.tensors, strict: false)
    }

    /// Runs the round and writes the new weights to `output`.
    public func run(writingTo output: URL) throws -> FederatedFitReport {
        guard steps >= 1 else { throw FederatedError("a round needs at least 1 local step, got \(steps)") }
        guard mu >= 0, mu.isFinite else { throw FederatedError("FedProx's mu must be a finite number ≥ 0, got \(mu)") }
        let network = try Self.initialNetwork(recipe: recipe)
        if let globalWeights { try Self.loadGlobal(globalWeights, into: network) }
        let classes = recipe.classes ?? []

        var siteRecipe = recipe
        siteRecipe.manifests = [manifest.lastPathComponent]
        siteRecipe.trainer.steps = steps
        siteRecipe.trainer.validateEvery = steps
        siteRecipe.trainer.logEvery = max(1, min(siteRecipe.trainer.logEvery, steps))
        siteRecipe.trainer.earlyStoppingPatience = nil
        siteRecipe.trainer.keepLast = true
        siteRecipe.seed = recipe.seed &+ UInt64(round) &* 0x2545_F491_4F6C_DD1D
        let recipe = siteRecipe
        let examples = try ClassifierTraining.loadExamples(recipe: recipe, dataRoot: manifest.deletingLastPathComponent())
        guard examples.trainCount > 0 else { throw FederatedError.noRows(manifest.lastPathComponent) }

        let counts = ClassWeights.counts(examples.train.flatMap { $0 }.compactMap(\.classIndex), classes: classes.count)
        let weights: Tensor? = recipe.classWeighting == true
            ? try Tensor(ClassWeights.inverseFrequency(counts).map { Float($0) }) : nil
        let augment = AugmentationPipeline([recipe.geometry, recipe.photometry])
        let train = examples.train
        let makeBatch: @Sendable (Int) throws -> ClassifierTraining.Batch = { step in
            let g = try RecipeRun.generator(seed: recipe.seed, step: step)
            let samples = try (0 ..< recipe.batchSize).map { _ in
                try augment(PreparedSamples.pick(train, balanced: false, generator: g), generator: g)
            }
            return ClassifierTraining.Batch(inputs: try Tensor.cat(samples.map { try PreparedSamples.input($0, recipe: recipe) }),
                                            targets: try Tensor(samples.map { Int64($0.classIndex ?? 0) }))
        }

        let groups = recipe.transfer?.optimizerGroups(network, learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)
            ?? [ParameterGroup(network.parameters(), learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)]
        let trainer = try Trainer(model: network, optimizer: AdamW(groups), schedule: recipe.schedule,
                                  configuration: recipe.trainer, outputDirectory: work)
        trainer.showsProgress = showsProgress
        _ = try trainer.restore(resume: false)
        let proximal = try ProximalTerm(model: network, mu: mu)
        var taskLosses: [Double] = []
        var proximalValues: [Double] = []
        let positive = classes.count == 2 ? 1 : nil
        let validation = examples.validation
        let result = try trainer.fit(loader: BatchLoader(range: 0 ..< steps, make: makeBatch), loss: { batch in
            let task = try Loss.crossEntropy(logits: network(batch.inputs), targets: batch.targets, classWeights: weights)
            let term = try proximal()
            taskLosses.append(try task.item())
            proximalValues.append(try term.item())
            return try task + term
        }, validate: {
            validation.isEmpty ? [recipe.trainer.monitor: 0]
                : try ClassifierTraining.validationMetrics(network: network, samples: validation, recipe: recipe, classes: classes, positive: positive)
        })
        let exchanged = Self.exchanged(network)
        try SafeTensors.write(exchanged, metadata: ["round": String(round), "steps": String(result.lastStep)], to: output.path)
        let mean = { (values: [Double]) in values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        return FederatedFitReport(
            samples: examples.trainCount, validationSamples: validation.count, steps: result.lastStep,
            loss: mean(taskLosses), proximal: mean(proximalValues), mu: mu,
            validation: validation.isEmpty ? [:] : result.bestMetrics.filter { $0.value.isFinite },
            durationSeconds: result.durationSeconds, parameterCount: exchanged.reduce(0) { $0 + $1.tensor.count })
    }
}
