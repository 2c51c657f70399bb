import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels
import Torch
import TorchNN

/// Trains a segmentation U-Net (vessels, ROP ridge) from a recipe and writes a
/// model bundle with its card.
public enum SegmentationTraining {
    /// Training and validation samples: a seeded choice of validation images per manifest.
    public static func loadSamples(recipe: Recipe, dataRoot: URL, target: SegmentationTarget) throws -> (train: [SegmentationSample], validation: [SegmentationSample]) {
        var train: [SegmentationSample] = []
        var validation: [SegmentationSample] = []
        let generator = try RandomGenerator(seed: recipe.seed)
        for path in recipe.manifests {
            let manifest = try Manifest(contentsOf: dataRoot.appendingPathComponent(path))
            let rows = manifest.rows(in: .train).filter(target.isLabelled)
            let order = try generator.permutation(rows.count)
            let dataset = (path as NSString).deletingLastPathComponent
            for (rank, index) in order.enumerated() {
                let sample = try SegmentationSample(row: rows[index], dataset: dataset, target: target)
                if rank < recipe.validationImagesPerManifest { validation.append(sample) } else { train.append(sample) }
            }
        }
        return (train, validation)
    }

    /// Runs the recipe; returns the bundle directory's card.
    public static func run(_ run: RecipeRun, target: SegmentationTarget) throws -> TrainedModel {
        let recipe = run.recipe
        let (trainSamples, validationSamples) = try loadSamples(recipe: recipe, dataRoot: run.dataRoot, target: target)
        // CLAHE once per photograph, as inference does on the whole image.
        // At the working scale of the card's `inputSize`, as the segmenter sees them.
        let prepared: [FundusImage] = try trainSamples.map { sample in
            var photo = try FundusImage(sample.image, masks: ["target": sample.mask, "fov": sample.fieldOfView])
            if let side = recipe.preprocessing.inputSize {
                photo = try photo.applying(.resize(Segmenter.workingSize(of: photo.size, longerSide: side)))
            }
            return recipe.preprocessing.clahe ? try photo.withPixels { try $0.clahe() } : photo
        }
        guard case .unet(let configuration) = recipe.architecture else {
            throw RecipeError(recipe: run.recipePath, "a \(target.rawValue) recipe needs a unet architecture")
        }
        let network = try UNet(configuration, generator: RandomGenerator(seed: recipe.seed))
        let augment = AugmentationPipeline([recipe.geometry, recipe.photometry])
        let positiveWeight = try Tensor([Float(recipe.positiveWeight ?? 1)])
        let diceWeight = recipe.diceWeight ?? 0
        let card = recipe.card(labels: target.labels)
        // Validation without test-time mirroring: faster, and the run (checkpoint and
        // threshold choice) stays the same whether or not the card mirrors at inference.
        var validationCard = card
        validationCard.preprocessing.mirrorAveraging = nil
        let segmenter = Segmenter(card: validationCard, network: network)
        var finished = try run.train(network: network, card: card, dataDescription: "train rows with \(target.rawValue) masks", makeBatch: { _, g in
            var images: [Tensor] = []
            var masks: [Tensor] = []
            for _ in 0 ..< recipe.batchSize {
                let pick = try g.index(below: prepared.count)
                let sample = try augment(TrainingSample(image: prepared[pick]), generator: g)
                images.append(try sample.image.image.tensor(normalization: recipe.preprocessing.normalization))
                masks.append(try sample.image.masks["target"]!.tensor())
            }
            return (try Tensor.cat(images), try Tensor.cat(masks))
        }, loss: { batch in
            let logits = try network(batch.0)
            let bce = try Loss.binaryCrossEntropyWithLogits(logits: logits, targets: batch.1, positiveWeight: positiveWeight)
            return try bce + Loss.dice(logits: logits, targets: batch.1) * diceWeight
        }, validate: {
            var metrics = BinaryMetrics(threshold: recipe.threshold)
            for sample in validationSamples {
                try SegmentationEvaluation.accumulate(segmenter.probabilities(for: sample.image), sample: sample, into: &metrics)
            }
            let best = metrics.bestF1Threshold()
            return metrics.aggregate().merging(["f1_best": best.f1, "threshold_best": best.threshold]) { $1 }
        })
        // The operating threshold: the one with the best F1 on the validation images of the kept checkpoint.
        if let threshold = finished.card.metrics["validation"]?["threshold_best"] {
            finished.card.threshold = threshold
        }
        return finished
    }
}
