import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels
import RetinaTraining
import Torch

/// `ropscreen evaluate --task synthesis`: how real, how varied and how private a
/// generator's photographs are, each figure beside the same figure for real photographs.
///
/// Generated: one photograph per real training photograph, with its condition (so the
/// class and camera mix is the training set's). Distances in `FeatureEmbedding`'s space:
/// - Fréchet and kernel distances of generated vs train, and — the baseline that says
///   what "close" is at these sample sizes — train half A vs train half B beside
///   generated (|B| photographs) vs train half A, and test vs train;
/// - k-NN precision and recall of generated (|B|) vs train half A, beside half B vs half A;
/// - the memorisation check: each generated photograph's nearest training photograph by
///   feature and by pixel distance, against the test photographs' nearest training ones.
public enum SynthesisEvaluation {
    public struct Options: Sendable {
        /// ImageNet EfficientNet-Lite0 weights (`.build-pretrained/efficientnet-lite0.safetensors`).
        public var featureWeights: URL
        public var seed: UInt64 = 20261201
        /// Where the contact sheets are written (nil: none).
        public var sheets: URL?
        public var neighbours = 3
        public var kernelSubsets = 50
        public var kernelSubsetSize = 50
        /// The share of test photographs' nearest distances below which a generated photograph is flagged.
        public var memorisationQuantile = 0.05

        public init(featureWeights: URL) { self.featureWeights = featureWeights }
    }

    /// The figures (`EvaluationResult`: n = generated photographs) and the notes a card should carry.
    public static func evaluate(generator directory: URL, manifest: Manifest, options: Options) throws -> EvaluationResult {
        let synthesizer = try FundusSynthesizer(directory: directory)
        let card = synthesizer.card
        let train = try SynthesisPhotographs.load(manifest, split: .train, factors: card.factors, preprocessing: card.preprocessing)
        let test = try SynthesisPhotographs.load(manifest, split: .test, factors: card.factors, preprocessing: card.preprocessing)
        let generated = try synthesizer.images(train.conditions, random: RandomGenerator(seed: options.seed))
        let embedding = try FeatureEmbedding(weights: options.featureWeights)
        let (fTrain, fTest, fGenerated) = (try embedding.features(train.images), try embedding.features(test.images), try embedding.features(generated))

        var random = SplitMix64(seed: options.seed)
        let order = Array(0 ..< train.count).shuffled(using: &random)
        let halfA = Array(order.prefix(train.count / 2)), halfB = Array(order.dropFirst(train.count / 2))
        let (fA, fB) = (fTrain.subset(halfA), fTrain.subset(halfB))
        let fGeneratedHalf = fGenerated.subset(Array(0 ..< halfB.count))

        var metrics: [String: Double] = [:]
        metrics["fid_generated_vs_train"] = try FrechetDistance.distance(fGenerated, fTrain)
        metrics["fid_generated_half_vs_train_half"] = try FrechetDistance.distance(fGeneratedHalf, fA)
        metrics["fid_real_half_vs_real_half"] = try FrechetDistance.distance(fB, fA)
        metrics["fid_test_vs_train"] = try FrechetDistance.distance(fTest, fTrain)
        for (name, a, b) in [("generated_vs_train", fGenerated, fTrain), ("generated_half_vs_train_half", fGeneratedHalf, fA),
                             ("real_half_vs_real_half", fB, fA), ("test_vs_train", fTest, fTrain)] {
            let kid = try KernelDistance.estimate(a, b, subsets: options.kernelSubsets, subsetSize: options.kernelSubsetSize, random: &random)
            metrics["kid_\(name)"] = kid.mean
            metrics["kid_\(name)_std"] = kid.standardDeviation
        }
        let generatedPR = try ManifoldPrecisionRecall.measure(real: fA, generated: fGeneratedHalf, k: options.neighbours)
        let realPR = try ManifoldPrecisionRecall.measure(real: fA, generated: fB, k: options.neighbours)
        metrics["precision_generated"] = generatedPR.precision
        metrics["recall_generated"] = generatedPR.recall
        metrics["precision_real_half"] = realPR.precision
        metrics["recall_real_half"] = realPR.recall

        let featureCheck = try MemorisationCheck.check(generatedToTrain: fGenerated.distances(to: fTrain), testToTrain: fTest.distances(to: fTrain),
                                                       trainCount: train.count, quantile: options.memorisationQuantile)
        let pixelCheck = try MemorisationCheck.check(
            generatedToTrain: FeatureEmbedding.pixelDistances(generated, train.images), testToTrain: FeatureEmbedding.pixelDistances(test.images, train.images),
            trainCount: train.count, quantile: options.memorisationQuantile)
        for (space, check) in [("feature", featureCheck), ("pixel", pixelCheck)] {
            metrics["memorisation_\(space)_median_generated"] = check.medianGenerated
            metrics["memorisation_\(space)_median_test"] = check.medianTest
            metrics["memorisation_\(space)_minimum_generated"] = check.generated.map(\.distance).min() ?? .nan
            metrics["memorisation_\(space)_minimum_test"] = check.test.map(\.distance).min() ?? .nan
            metrics["memorisation_\(space)_flagged_share"] = check.flaggedShare
        }
        metrics["generated"] = Double(generated.shape[0])
        metrics["train"] = Double(train.count)
        metrics["test"] = Double(test.count)

        if let sheets = options.sheets {
            try FileManager.default.createDirectory(at: sheets, withIntermediateDirectories: true)
            try writeClosestPairs(pixelCheck, generated: generated, train: train, to: sheets.appendingPathComponent("closest-pairs.png"))
            try writeClassSheet(generated: generated, train: train, factors: card.factors, to: sheets.appendingPathComponent("generated-beside-real.png"))
        }
        let notes = [
            "Synthesis distances are in ImageNet EfficientNet-Lite0 feature space (320 pooled features at 224 px); Inception-v3 weights cannot be fetched here, so the figures compare with their real-vs-real baselines, not with published FIDs.",
            "Memorisation: a generated photograph is flagged when its nearest training photograph is nearer than the \(Int(options.memorisationQuantile * 100))th percentile of the test photographs' nearest training distances; about \(Int(options.memorisationQuantile * 100)) % flagged is what new photographs of the same population give.",
            "The contact sheets (evaluate --task synthesis --sheets DIR: the closest generated/training pairs, generated beside real per class) show HVDROPDB photographs and are not committed; regenerate them to look.",
        ]
        return EvaluationResult(n: generated.shape[0], metrics: metrics, skipped: 0, notes: notes)
    }

    /// The contract JSON of `ropscreen evaluate --task synthesis --json`, in the shape of the other tasks'.
    public static func contractJSON(_ result: EvaluationResult) throws -> Data {
        let object: [String: Any] = [
            "task": "synthesis", "n": result.n, "skipped": result.skipped,
            "metrics": result.metrics.mapValues { $0.isFinite ? $0 as Any : NSNull() },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// The eight generated photographs nearest (in pixels) to a training photograph: generated on top, its neighbour below.
    static func writeClosestPairs(_ check: MemorisationCheck.Result, generated: Tensor, train: SynthesisPhotographs, to url: URL) throws {
        let pairs = check.closest(8)
        let top = try pairs.map { try FundusSynthesizer.bitmap(generated.select(dim: 0, index: $0.query)) }
        let bottom = try pairs.map { try FundusSynthesizer.bitmap(train.images.select(dim: 0, index: $0.reference)) }
        try Data(SampleGrid.bitmap(top + bottom, columns: pairs.count).pngData()).write(to: url)
    }

    /// Per diagnosis, a row of eight generated photographs above a row of eight real training ones.
    static func writeClassSheet(generated: Tensor, train: SynthesisPhotographs, factors: [SynthesisFactor], to url: URL) throws {
        var tiles: [Bitmap] = []
        for value in factors[0].values.indices {
            let members = Array(train.conditions.indices.filter { train.conditions[$0].values[0] == value }.prefix(8))
            guard members.count == 8 else { continue }
            tiles += try members.map { try FundusSynthesizer.bitmap(generated.select(dim: 0, index: $0)) }
            tiles += try members.reversed().map { try FundusSynthesizer.bitmap(train.images.select(dim: 0, index: $0)) }
        }
        try Data(SampleGrid.bitmap(tiles, columns: 8).pngData()).write(to: url)
    }
}
