import Foundation
import FundusImaging
import RetinaModels
import TorchNN

/// A complete, reproducible description of a training run (a file in `recipes/`):
/// task, model, data, split, augmentations, loss, optimiser, schedule and seed.
public struct Recipe: Codable, Sendable {
    public var task: AnalysisTask
    public var name: String
    public var version: String
    public var seed: UInt64
    /// Manifests relative to the data root; their `train` rows with the task's labels are used.
    public var manifests: [String]
    /// Per manifest, this many training images are held out for validation (seeded choice).
    public var validationImagesPerManifest: Int
    /// Draw each training sample from a manifest chosen uniformly, so that a small
    /// data set weighs as much as a large one (default false: uniform over samples).
    public var balanceManifests: Bool?
    public var architecture: Architecture
    public var preprocessing: Preprocessing
    public var geometry: RandomGeometry
    public var photometry: RandomPhotometry
    public var batchSize: Int
    public var learningRate: Double
    public var weightDecay: Double
    public var schedule: LearningRateSchedule
    public var trainer: TrainerConfiguration
    /// Operating threshold written into the card.
    public var threshold: Double
    /// Start from other weights instead of from scratch.
    public var transfer: TransferLearning?
    /// Segmentation and heat maps: weight of the positive pixels in the BCE term.
    public var positiveWeight: Double?
    /// Segmentation: weight of the soft Dice term added to BCE.
    public var diceWeight: Double?
    /// Landmarks: standard deviation of the target heat maps, in input pixels.
    public var heatmapSigma: Double?
    /// Classifiers: the class names in output order (the card's labels).
    public var classes: [String]?
    /// Diagnosis classifiers: manifest `diagnosis` → class name; rows whose
    /// diagnosis is not listed are not used.
    public var diagnosisClasses: [String: String]?
    /// Classifiers: weigh the cross-entropy by inverse class frequency.
    public var classWeighting: Bool?
    /// Binary classifiers: the operating threshold is the highest one that keeps
    /// the validation sensitivity at or above this (a screening test must not miss disease).
    public var targetSensitivity: Double?
    /// Binary classifiers: the threshold is chosen on validation only when it holds at least this
    /// many photographs of each class; else the recipe's `threshold` stays (a threshold chosen on
    /// one or two positives is noise: a fine-tune on a small snapshot keeps its start's operating point).
    public var minimumValidationPerClass: Int?
    /// Classifiers with an `evidenceMap`: weight of the BCE between the map and the
    /// lesion boxes of the manifests that draw them (rows of other manifests add nothing).
    public var evidenceMapWeight: Double?
    /// Quality: how ungradable and not-a-fundus examples are made.
    public var qualitySynthesis: QualitySynthesis?

    public static func read(_ url: URL) throws -> Recipe {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw RecipeError(recipe: url.path, "cannot be read") }
        do {
            return try JSONDecoder().decode(Recipe.self, from: data)
        } catch let error as DecodingError {
            throw RecipeError(recipe: url.path, Self.explain(error))
        }
    }

    /// A decoding error in the recipe's own terms: the key path and what is wrong there.
    static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return keys.isEmpty ? "" : "at \(keys): "
        }
        switch error {
        case .keyNotFound(let key, let context): return path(context) + "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return path(context) + context.debugDescription
        @unknown default: return "\(error)"
        }
    }

    /// The model card this recipe's weights get, before training and metrics are recorded.
    public func card(labels: [String]) -> ModelCard {
        var card = ModelCard(name: name, version: version, task: task, architecture: architecture, preprocessing: preprocessing,
                             labels: labels, threshold: threshold)
        card.diagnosisClasses = diagnosisClasses
        return card
    }
}
