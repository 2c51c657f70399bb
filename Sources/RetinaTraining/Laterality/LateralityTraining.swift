import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels
import Torch
import TorchNN

/// Trains the left/right classifier from a recipe on every train row whose eye
/// is known. Horizontal flips are label-swapping augmentations (`RandomGeometry`
/// mirrors the eye with the picture), which also balances the two classes.
public enum LateralityTraining {
    public static func run(_ run: RecipeRun) throws -> TrainedModel {
        let recipe = run.recipe
        guard case .resnet(let configuration) = recipe.architecture, configuration.classes == 2 else {
            throw RecipeError(recipe: run.recipePath, "a laterality recipe needs a resnet with 2 classes")
        }
        let (train, validation) = try PreparedSamples.load(recipe: recipe, dataRoot: run.dataRoot) { $0.eye != nil }
        let network = try ResNet(configuration, generator: RandomGenerator(seed: recipe.seed))
        let card = recipe.card(labels: ["left", "right"])
        let augment = AugmentationPipeline([recipe.geometry, recipe.photometry])
        return try run.train(network: network, card: card, dataDescription: "train rows with a known eye", makeBatch: { _, g in
            var inputs: [Tensor] = []
            var labels: [Int64] = []
            for _ in 0 ..< recipe.batchSize {
                let sample = try augment(PreparedSamples.pick(train, balanced: recipe.balanceManifests ?? false, generator: g), generator: g)
                inputs.append(try PreparedSamples.input(sample, recipe: recipe))
                labels.append(sample.eye == .right ? 1 : 0)
            }
            return (try Tensor.cat(inputs), try Tensor(labels))
        }, loss: { (batch: (Tensor, Tensor)) in
            try Loss.crossEntropy(logits: network(batch.0), targets: batch.1)
        }, validate: {
            var confusion = ConfusionMatrix(labels: ["left", "right"])
            for sample in validation {
                let p = try network(PreparedSamples.input(sample, recipe: recipe)).argmax(dim: 1).item()
                confusion.update(truth: sample.eye == .right ? 1 : 0, predicted: Int(p))
            }
            return confusion.aggregate()
        })
    }
}
