import Torch

/// Per-channel normalisation of RGB values in [0, 1]: (v − mean) / std.
/// It travels with a model's weights, so inference uses what training used.
public struct Normalization: Sendable, Equatable, Codable {
    public var mean: [Double]
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// ImageNet statistics, for backbones pretrained on it.
    public static let imagenet = Normalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
    /// Plain [0, 1] values.
    public static let unit = Normalization(mean: [0, 0, 0], std: [1, 1, 1])
}

extension Bitmap {
    /// A float32 tensor (1, C, H, W), values scaled to [0, 1] then normalised.
    public func tensor(normalization: Normalization = .unit) throws -> Tensor {
        let hwc = try Tensor(pixels, shape: [height, width, channels])
        var chw = try hwc.permuted([2, 0, 1]).to(.float32) / 255
        if normalization != .unit {
            guard normalization.mean.count == channels, normalization.std.count == channels else {
                throw VisionError("normalisation has \(normalization.mean.count) channels, the image \(channels)")
            }
            let mean = try Tensor(normalization.mean.map(Float.init), shape: [channels, 1, 1])
            let std = try Tensor(normalization.std.map(Float.init), shape: [channels, 1, 1])
            chw = try (chw - mean) / std
        }
        return try chw.unsqueezed(0).contiguous()
    }

    /// An image from a (C, H, W) or (1, C, H, W) tensor of [0, 1] values
    /// (after undoing `normalization`), clamped and rounded to 8 bits.
    public init(tensor: Tensor, normalization: Normalization = .unit) throws {
        var t = try tensor.detached().to(.float32)
        if t.rank == 4 {
            guard t.shape[0] == 1 else { throw VisionError("a batch of \(t.shape[0]) is not one image") }
            t = try t.squeezed(0)
        }
        if t.rank == 2 { t = try t.unsqueezed(0) }
        guard t.rank == 3, t.shape[0] == 1 || t.shape[0] == 3 else {
            throw VisionError("tensor of shape \(tensor.shape) is not an image")
        }
        let c = t.shape[0]
        if normalization != .unit {
            let mean = try Tensor(normalization.mean.map(Float.init), shape: [c, 1, 1])
            let std = try Tensor(normalization.std.map(Float.init), shape: [c, 1, 1])
            t = try t * std + mean
        }
        let bytes = try (t * 255).rounded().clamped(min: 0, max: 255).permuted([1, 2, 0]).to(.uint8).toArray(of: UInt8.self)
        try self.init(width: t.shape[2], height: t.shape[1], channels: c, pixels: bytes)
    }
}
