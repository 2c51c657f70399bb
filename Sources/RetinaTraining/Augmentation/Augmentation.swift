import FundusImaging
import RetinaData
import Torch

/// A random change of a training sample. Each call draws its parameters once
/// from `generator` and applies them to the pixels, masks, keypoints and labels
/// together, so a seeded generator makes the whole pipeline repeatable.
public protocol Augmentation: Sendable {
    func callAsFunction(_ sample: TrainingSample, generator: RandomGenerator) throws -> TrainingSample
}

/// Augmentations applied in order.
public struct AugmentationPipeline: Augmentation {
    public var steps: [any Augmentation]

    public init(_ steps: [any Augmentation]) { self.steps = steps }

    public func callAsFunction(_ sample: TrainingSample, generator: RandomGenerator) throws -> TrainingSample {
        try steps.reduce(sample) { try $1($0, generator: generator) }
    }
}

extension RandomGenerator {
    /// True with probability `p`.
    func chance(_ p: Double) throws -> Bool {
        guard p > 0 else { return false }
        return try uniform() < p
    }
}
