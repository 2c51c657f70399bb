import Foundation
import FundusImaging
import RetinaModels
import Torch
import TorchNN

/// Trains the vessel U-Net from a recipe and writes a model bundle with its card.
public struct VesselTraining {
    public let recipe: Recipe
    public let recipePath: String
    public let dataRoot: URL
    public let outputDirectory: URL
    public var showsProgress = true

    public init(recipe: Recipe, recipePath: String, dataRoot: URL, outputDirectory: URL) {
        self.recipe = recipe
        self.recipePath = recipePath
        self.dataRoot = dataRoot
        self.outputDirectory = outputDirectory
    }

    /// Training and validation samples: a seeded choice of validation images per manifest.
    public func loadSamples() throws -> (train: [VesselSample], validation: [VesselSample]) {
        var train: [VesselSample] = []
        var validation: [VesselSample] = []
        let generator = try RandomGenerator(seed: recipe.seed)
        for path in recipe.manifests {
            let manifest = try Manifest(contentsOf: dataRoot.appendingPathComponent(path))
            let rows = manifest.rows(in: .train).filter { $0.vesselMask != nil }
            let order = try generator.permutation(rows.count)
            let dataset = (path as NSString).deletingLastPathComponent
            for (rank, index) in order.enumerated() {
                let sample = try VesselSample(row: rows[index], dataset: dataset)
                if rank < recipe.validationImagesPerManifest { validation.append(sample) } else { train.append(sample) }
            }
        }
        return (train, validation)
    }

    /// Runs the recipe; returns the bundle directory's card.
    public func run(resume: Bool = false, work: URL) throws -> ModelCard {
        let recipe = self.recipe
        let (trainSamples, validationSamples) = try loadSamples()
        // CLAHE once per photograph, as inference does on the whole image.
        let prepared: [FundusImage] = try trainSamples.map { sample in
            let image = recipe.preprocessing.clahe ? try sample.image.clahe() : sample.image
            return try FundusImage(image, masks: ["vessels": sample.vessels, "fov": sample.fieldOfView])
        }
        let generator = try RandomGenerator(seed: recipe.seed)
        guard case .unet(let configuration) = recipe.architecture else {
            throw ManifestError(file: recipePath, line: 0, message: "a vessels recipe needs a unet architecture")
        }
        let network = try UNet(configuration, generator: generator)
        try recipe.transfer?.prepare(network)
        let groups = recipe.transfer?.optimizerGroups(network, learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)
            ?? [ParameterGroup(network.parameters(), learningRate: recipe.learningRate, weightDecay: recipe.weightDecay)]
        let optimizer = AdamW(groups)
        let trainer = try Trainer(model: network, optimizer: optimizer, schedule: recipe.schedule,
                                  configuration: recipe.trainer, outputDirectory: work)
        trainer.showsProgress = showsProgress
        if let transfer = recipe.transfer { trainer.beforeStep = { try transfer.update(network, step: $0) } }
        let (start, best) = try trainer.restore(resume: resume)

        let augment = AugmentationPipeline([recipe.geometry, recipe.photometry])
        let loader = BatchLoader(range: start ..< recipe.trainer.steps) { step in
            // Each batch from its own generator, so resuming at a step repeats the same data.
            let g = try RandomGenerator(seed: recipe.seed &+ UInt64(step) &* 0x9E37_79B9_7F4A_7C15)
            var images: [Tensor] = []
            var masks: [Tensor] = []
            for _ in 0 ..< recipe.batchSize {
                let pick = Int(try g.uniform() * Double(prepared.count)) % prepared.count
                let sample = try augment(TrainingSample(image: prepared[pick]), generator: g)
                images.append(try sample.image.image.tensor(normalization: recipe.preprocessing.normalization))
                masks.append(try sample.image.masks["vessels"]!.tensor())
            }
            return (try Tensor.cat(images), try Tensor.cat(masks))
        }
        let positiveWeight = try Tensor([Float(recipe.positiveWeight ?? 1)])
        let diceWeight = recipe.diceWeight ?? 0
        let card = recipe.card(labels: ["background", "vessel"])
        let segmenter = VesselSegmenter(card: card, network: network)
        let result = try trainer.fit(loader: loader, startStep: start, best: best, loss: { batch in
            let logits = try network(batch.0)
            let bce = try Loss.binaryCrossEntropyWithLogits(logits: logits, targets: batch.1, positiveWeight: positiveWeight)
            return try bce + Loss.dice(logits: logits, targets: batch.1) * diceWeight
        }, validate: {
            var metrics = BinaryMetrics(threshold: recipe.threshold)
            for sample in validationSamples {
                try VesselEvaluation.accumulate(segmenter.probabilities(for: sample.image), sample: sample, into: &metrics)
            }
            return metrics.aggregate()
        })

        try TrainingPlots.write(log: trainer.logURL)
        try network.load(from: trainer.bestWeightsURL.path)
        var finished = card
        finished.training = TrainingRecord(
            recipe: recipePath, seed: recipe.seed, data: recipe.manifests,
            split: "train rows with vessel masks, minus \(recipe.validationImagesPerManifest) seeded validation image(s) per manifest",
            steps: result.lastStep, durationSeconds: result.durationSeconds, parameterCount: network.parameterCount,
            libtorch: Runtime.version)
        finished.metrics["validation"] = result.bestMetrics
        try ModelBundle.write(network: network, card: finished, to: outputDirectory)
        return finished
    }
}
