import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels
import Torch
import TorchNN

/// Trains the landmark heat-map network from a recipe (IDRiD, DRIONS-DB and
/// any manifest with `od_*` or `fovea_*` labels).
public enum LandmarkTraining {
    /// The rows a landmark model learns from: those with a disc or a fovea.
    public static func isLabelled(_ row: ManifestRow) -> Bool { row.opticDiscCenter != nil || row.fovea != nil }

    public static func run(_ run: RecipeRun) throws -> TrainedModel {
        let recipe = run.recipe
        guard case .unet(let configuration) = recipe.architecture, configuration.outputChannels == LandmarkDetector.channels else {
            throw ManifestError(file: run.recipePath, line: 0, message: "a landmarks recipe needs a unet with \(LandmarkDetector.channels) output channels")
        }
        let (train, validation) = try PreparedSamples.load(recipe: recipe, dataRoot: run.dataRoot, include: isLabelled)
        let network = try UNet(configuration, generator: RandomGenerator(seed: recipe.seed))
        let card = recipe.card(labels: ["optic_disc", "fovea", "disc_width", "disc_height"])
        // Validation without test-time mirroring, so the run is the same whether or not the card mirrors.
        var validationCard = card
        validationCard.preprocessing.mirrorAveraging = nil
        let detector = LandmarkDetector(card: validationCard, network: network)
        let augment = AugmentationPipeline([recipe.geometry, recipe.photometry])
        let sigma = recipe.heatmapSigma ?? 4
        let positiveWeight = try Tensor([Float(recipe.positiveWeight ?? 1)])
        return try run.train(network: network, card: card, dataDescription: "train rows with disc or fovea labels", makeBatch: { _, g in
            var inputs: [Tensor] = []
            var targets: [Tensor] = []
            var weights: [Tensor] = []
            for _ in 0 ..< recipe.batchSize {
                let sample = try augment(PreparedSamples.pick(train, balanced: recipe.balanceManifests ?? false, generator: g), generator: g)
                let t = LandmarkTargets(sample.image, sigma: sigma)
                let shape = [1, 4, sample.image.size.height, sample.image.size.width]
                inputs.append(try PreparedSamples.input(sample, recipe: recipe))
                targets.append(try Tensor(t.values, shape: shape))
                weights.append(try Tensor(t.weights, shape: shape))
            }
            return (try Tensor.cat(inputs), try Tensor.cat(targets), try Tensor.cat(weights))
        }, loss: { (batch: (Tensor, Tensor, Tensor)) in
            let (x, target, weight) = batch
            let logits = try network(x)
            let heat = try Loss.binaryCrossEntropyWithLogits(
                logits: logits.slice(dim: 1, start: 0, end: 2), targets: target.slice(dim: 1, start: 0, end: 2),
                weight: weight.slice(dim: 1, start: 0, end: 2), positiveWeight: positiveWeight)
            let sizeWeight = try weight.slice(dim: 1, start: 2, end: 4)
            let sizeError = try (logits.slice(dim: 1, start: 2, end: 4).sigmoid() - target.slice(dim: 1, start: 2, end: 4)).abs() * sizeWeight
            return try heat + 10 * sizeError.sum() / (sizeWeight.sum() + 1)
        }, validate: {
            var disc = PointDistanceMetrics()
            var fovea = PointDistanceMetrics()
            for sample in validation {
                let detection = try LandmarkDetector.decode(detector.maps(for: sample.image), prepared: sample.image,
                                                            discThreshold: recipe.threshold, foveaThreshold: recipe.threshold)
                let width = sample.image.originalSize.width
                let truth = sample.image.originalKeypoints
                if let d = truth["disc"] {
                    // The true disc radius, from the box keypoints carried through the preparation.
                    let radius = truth["disc.right"].flatMap { r in truth["disc.bottom"].map { (d.distance(to: r) + d.distance(to: $0)) / 2 } }
                    disc.update(predicted: detection.opticDisc.point, truth: d, imageWidth: width, tolerance: radius)
                }
                if let f = truth["fovea"] { fovea.update(predicted: detection.fovea.point, truth: f, imageWidth: width) }
            }
            // One number to keep the best checkpoint by: the mean of the two median errors present.
            let errors = [disc.medianNormalizedError, fovea.medianNormalizedError].filter { !$0.isNaN }
            var metrics = LandmarkEvaluation.aggregate(disc: disc, fovea: fovea)
            metrics["error"] = errors.reduce(0, +) / Double(max(errors.count, 1))
            return metrics
        })
    }
}
