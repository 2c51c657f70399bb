import FundusImaging
import Foundation
import RetinaMetrics
import RetinaModels
import Torch
import TorchNN

/// The feature space the synthesis distances are measured in: ImageNet
/// EfficientNet-Lite0's 320 pooled features (all 16 blocks, before the head).
/// Inception-v3, the network FID and KID were defined with, cannot be fetched
/// here, so the figures are comparable with each other, not with published FIDs.
public final class FeatureEmbedding {
    let network: EfficientNetLite
    /// Photographs are resized to this side before the network, as ImageNet's were.
    public let inputSize: Int
    public var batchSize = 16
    /// The Lite models' input convention, (v − 127.5) / 127.5.
    static let normalization = Normalization(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])

    public init(weights: URL, inputSize: Int = 224) throws {
        network = try EfficientNetLite(EfficientNetLiteConfiguration(classes: 1, blocks: 16), generator: RandomGenerator(seed: 0))
        let missing = try network.load(from: weights.path, strict: false)
        // The classifier head is not used, and the converted file has no batch counters.
        let needed = missing.filter { !$0.hasPrefix("head.") && !$0.hasSuffix("num_batches_tracked") }
        guard needed.isEmpty else { throw SynthesisError("\(weights.path) lacks EfficientNet-Lite0 weights such as \(needed[0])") }
        network.eval()
        self.inputSize = inputSize
    }

    /// Features (N × 320) of photographs (N, 3, R, R) in [−1, 1].
    public func features(_ images: Tensor) throws -> FeatureMatrix {
        var values: [Double] = []
        var start = 0
        let mean = try Tensor(Self.normalization.mean.map(Float.init), shape: [1, 3, 1, 1])
        let std = try Tensor(Self.normalization.std.map(Float.init), shape: [1, 3, 1, 1])
        while start < images.shape[0] {
            let end = min(start + batchSize, images.shape[0])
            let chunk = try images.slice(dim: 0, start: start, end: end)
            let pooled = try withNoGrad {
                let unit = try (chunk + 1) / 2
                let resized = try unit.upsample(to: Pair(inputSize), mode: .bilinear(alignCorners: false))
                return try network.forwardFeatures((resized - mean) / std).adaptiveAvgPool2d(1).flattened(from: 1)
            }
            values += try pooled.toArray(of: Float.self).map(Double.init)
            start = end
        }
        return try FeatureMatrix(rows: images.shape[0], columns: values.count / max(images.shape[0], 1), values: values)
    }

    /// Root-mean-square pixel distances (values in [0, 1]) from every photograph of `a` to every one of `b`, row-major.
    public static func pixelDistances(_ a: Tensor, _ b: Tensor) throws -> [Double] {
        try withNoGrad {
            let x = try ((a + 1) / 2).flattened(from: 1).to(.float64), y = try ((b + 1) / 2).flattened(from: 1).to(.float64)
            let products = try x.matmul(y.transposed(0, 1))
            let squared = try x.square().sum(dims: [1], keepDims: true) + y.square().sum(dims: [1]).unsqueezed(0) - products * 2
            return try (squared.clamped(min: 0) / Double(x.shape[1])).sqrt().toArray(of: Double.self)
        }
    }
}
