import Foundation
import FundusImaging
import RetinaData
import Torch

/// Flip, rotation, scale and crop (or patch sampling) in one warp.
///
/// A horizontal flip turns a right eye into a left eye, so the sample's `eye`
/// label is swapped with it.
public struct RandomGeometry: Augmentation, Codable, Equatable {
    public var horizontalFlipProbability: Double
    public var rotationDegrees: ClosedRange<Double>
    public var scale: ClosedRange<Double>
    /// Output size; with `patch`, a window of this size (before scaling) is cut
    /// around a random point of the image, else the whole image is kept.
    public var outputSize: Size?
    public var patch: Bool

    public init(horizontalFlipProbability: Double = 0.5, rotationDegrees: ClosedRange<Double> = 0...0,
                scale: ClosedRange<Double> = 1...1, outputSize: Size? = nil, patch: Bool = false) {
        self.horizontalFlipProbability = horizontalFlipProbability
        self.rotationDegrees = rotationDegrees
        self.scale = scale
        self.outputSize = outputSize
        self.patch = patch
    }

    public func callAsFunction(_ sample: TrainingSample, generator: RandomGenerator) throws -> TrainingSample {
        let flip = try generator.chance(horizontalFlipProbability)
        let degrees = try generator.uniform(rotationDegrees)
        let zoom = try generator.uniform(scale)
        let size = sample.image.size
        var transforms: [SpatialTransform] = []
        if patch, let out = outputSize {
            // A window that, after zooming by `zoom`, fills the output; centred anywhere in the image.
            let (w, h) = (Double(out.width) / zoom, Double(out.height) / zoom)
            let cx = try generator.uniform(0...Double(size.width - 1))
            let cy = try generator.uniform(0...Double(size.height - 1))
            transforms = [.crop(Rect(x: cx - w / 2, y: cy - h / 2, width: w, height: h)), .rotate(degrees: degrees), .resize(out)]
        } else {
            transforms = [.rotate(degrees: degrees), .zoom(zoom)]
            if let out = outputSize { transforms.append(.letterbox(out)) }
        }
        if flip { transforms.append(.horizontalFlip) }
        var result = sample
        result.image = try sample.image.applying(transforms)
        if flip { result.eye = sample.eye?.mirrored }
        return result
    }
}
