import Foundation
import RetinaData
import RetinaModels
import Torch
import TorchNN

/// `ropscreen train recipes/synthesis.json`: trains the conditional GAN on the
/// recipe's train rows and writes the averaged generator with its card.
public struct SynthesisTraining {
    public let recipe: SynthesisRecipe
    public let recipePath: String
    public let dataRoot: URL
    /// Checkpoint, log, loss plot and sample grids.
    public let work: URL
    /// Where the bundle (weights + card) is written.
    public let outputDirectory: URL
    public var showsProgress = true
    public var resume = false

    public init(recipe: SynthesisRecipe, recipePath: String, dataRoot: URL, work: URL, outputDirectory: URL) {
        self.recipe = recipe
        self.recipePath = recipePath
        self.dataRoot = dataRoot
        self.work = work
        self.outputDirectory = outputDirectory
    }

    /// The networks and their trainer for `recipe`, seeded from it.
    public static func networks(_ recipe: SynthesisRecipe) throws -> (generator: ConditionalGenerator, average: ConditionalGenerator, discriminator: ProjectionDiscriminator) {
        let random = try RandomGenerator(seed: recipe.seed)
        let generator = try ConditionalGenerator(recipe.network, generator: random)
        let average = try ConditionalGenerator(recipe.network, generator: random)
        let discriminator = try ProjectionDiscriminator(recipe.network, generator: random)
        return (generator, average, discriminator)
    }

    /// Trains on `photographs` (the real training set) and returns the averaged generator and the run's result.
    public static func fit(
        _ recipe: SynthesisRecipe, photographs: SynthesisPhotographs, work: URL, resume: Bool = false, showsProgress: Bool = true,
        afterCheckpoint: ((Int, ConditionalGenerator) throws -> Void)? = nil
    ) throws -> (average: ConditionalGenerator, result: AdversarialTrainingResult) {
        let (generator, average, discriminator) = try networks(recipe)
        average.eval()
        let ema = try ExponentialMovingAverage(source: generator, average: average, decay: recipe.emaDecay)
        let (beta1, beta2) = (recipe.betas[0], recipe.betas[1])
        let trainer = try AdversarialTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: AdamW([ParameterGroup(generator.parameters(), learningRate: recipe.generatorLearningRate)], beta1: beta1, beta2: beta2),
            discriminatorOptimizer: AdamW([ParameterGroup(discriminator.parameters(), learningRate: recipe.discriminatorLearningRate)], beta1: beta1, beta2: beta2),
            average: ema, steps: recipe.steps, logEvery: recipe.logEvery, checkpointEvery: recipe.checkpointEvery, outputDirectory: work)
        trainer.showsProgress = showsProgress
        trainer.afterCheckpoint = afterCheckpoint.map { body in { step in try body(step, average) } }
        let start = try trainer.restore(resume: resume)
        let objective = AdversarialObjective(generator: generator, discriminator: discriminator, augmentation: recipe.augmentation)
        let (seed, sizes, size, latent, flip) = (recipe.seed, recipe.network.conditions, recipe.batchSize, recipe.latentDimension, recipe.horizontalFlipProbability)
        let loader = BatchLoader(range: start ..< recipe.steps) { step in
            try SynthesisBatch.draw(size: size, from: photographs.images, conditions: photographs.conditions, sizes: sizes, latent: latent,
                                    flip: flip, random: RecipeRun.generator(seed: seed, step: step))
        }
        // The augmentations' draws come from their own per-step generator, so a resumed run repeats them.
        let augmentationSeed = seed ^ 0xA5A5_5A5A_0F0F_F0F0
        let result = try trainer.fit(
            loader: loader, startStep: start,
            discriminatorLoss: { batch, step in try objective.discriminatorLoss(batch, random: RecipeRun.generator(seed: augmentationSeed, step: step)) },
            generatorLoss: { batch, step in try objective.generatorLoss(batch, random: RecipeRun.generator(seed: augmentationSeed &+ 1, step: step)) })
        return (average, result)
    }

    /// Trains and writes the bundle; returns its card.
    public func run() throws -> SynthesisCard {
        if let threads = recipe.threads { try Runtime.setThreadCount(threads) }
        var photographs: [SynthesisPhotographs] = []
        for path in recipe.manifests {
            let manifest = try Manifest(contentsOf: dataRoot.appendingPathComponent(path))
            photographs.append(try SynthesisPhotographs.load(manifest, split: .train, factors: recipe.factors, preprocessing: recipe.preprocessing))
        }
        let all = SynthesisPhotographs(images: try Tensor.cat(photographs.map(\.images)), conditions: photographs.flatMap(\.conditions),
                                       sources: photographs.flatMap(\.sources))
        let samples = try RandomGenerator(seed: recipe.seed &+ 7)
        let gridConditions = (0 ..< 16).map { all.conditions[$0 * all.count / 16] }
        let gridNoise = try Tensor.randn([gridConditions.count, recipe.latentDimension], generator: samples)
        let (average, result) = try Self.fit(recipe, photographs: all, work: work, resume: resume, showsProgress: showsProgress) { step, average in
            // A fixed-noise grid per checkpoint shows how training went.
            let images = try withNoGrad { try average(latent: gridNoise, conditions: SynthesisCondition.oneHot(gridConditions, sizes: recipe.network.conditions)) }
            try SampleGrid.write(images, columns: 8, to: work.appendingPathComponent(String(format: "samples-%06d.png", step)))
        }
        var card = SynthesisCard(name: recipe.name, version: recipe.version, network: recipe.network, preprocessing: recipe.preprocessing, factors: recipe.factors)
        let counts = Dictionary(grouping: all.conditions, by: { $0 }).mapValues(\.count)
        card.training = TrainingRecord(
            recipe: recipePath, seed: recipe.seed, data: recipe.manifests,
            split: "train rows with diagnosis \(recipe.classes.joined(separator: "/"))" + (recipe.cameras.map { " and camera \($0.joined(separator: "/"))" } ?? "")
                + ": \(all.count) photographs (" + counts.keys.sorted { $0.values.lexicographicallyPrecedes($1.values) }.map { "\($0.values): \(counts[$0]!)" }.joined(separator: ", ") + ")",
            steps: result.lastStep, durationSeconds: result.durationSeconds, parameterCount: average.parameterCount, libtorch: Runtime.version, initialWeights: nil)
        card.metrics["training/final"] = result.finalValues.filter { $0.value.isFinite }
        card.budget = "\(result.lastStep) steps of batch \(recipe.batchSize) in \(Int(result.durationSeconds.rounded())) s on \(Runtime.threadCount) CPU thread(s) (\(ProcessInfo.processInfo.processorCount)-core machine); generator \(average.parameterCount) parameters"
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        try average.save(to: outputDirectory.appendingPathComponent(SynthesisCard.weightsFileName).path, metadata: ["step": String(result.lastStep)])
        try card.write(to: outputDirectory)
        return card
    }
}
