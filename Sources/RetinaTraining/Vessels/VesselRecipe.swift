import Foundation
import FundusImaging
import RetinaModels
import TorchNN

/// A complete, reproducible description of a vessel-segmentation training run.
public struct VesselRecipe: Codable, Sendable {
    public var name: String
    public var version: String
    public var seed: UInt64
    /// Manifests relative to the data root; their `train` rows with vessel masks are used.
    public var manifests: [String]
    /// Per manifest, this many training images are held out for validation (seeded choice).
    public var validationImagesPerManifest: Int
    public var model: UNetConfiguration
    public var preprocessing: Preprocessing
    public var geometry: RandomGeometry
    public var photometry: RandomPhotometry
    public var batchSize: Int
    public var learningRate: Double
    public var weightDecay: Double
    public var schedule: LearningRateSchedule
    public var trainer: TrainerConfiguration
    /// Weight of the positive (vessel) pixels in the BCE term.
    public var positiveWeight: Double
    /// Weight of the soft Dice term added to BCE.
    public var diceWeight: Double
    public var threshold: Double
    /// Start from other weights instead of from scratch.
    public var transfer: TransferLearning?

    public static func read(_ url: URL) throws -> VesselRecipe {
        try JSONDecoder().decode(VesselRecipe.self, from: Data(contentsOf: url))
    }
}
