import Torch

/// A fundus photograph on its way through the pipeline: RGB pixels, the masks
/// and keypoints that must move with them, and the map back to the pixels of
/// the photograph as it was sent.
public struct FundusImage: Sendable {
    public private(set) var image: Bitmap
    /// Named single-channel masks of the same size as `image` (vessels, FOV, ridge…).
    public private(set) var masks: [String: Bitmap]
    /// Named points in the current pixel coordinates (disc centre, fovea…).
    public private(set) var keypoints: [String: Point]
    /// Size of the photograph as decoded.
    public let originalSize: Size
    /// Maps current pixel coordinates to those of the original photograph.
    public private(set) var transformToOriginal: AffineTransform
    /// The camera's EXIF make and model, when the decoded file carried them.
    public var cameraTags: ExifCameraTags?

    public init(_ image: Bitmap, masks: [String: Bitmap] = [:], keypoints: [String: Point] = [:]) throws {
        guard image.channels == 3 else { throw VisionError("a fundus image needs 3 channels, got \(image.channels)") }
        for (name, mask) in masks where mask.size != image.size || mask.channels != 1 {
            throw VisionError("mask '\(name)' is \(mask.size)×\(mask.channels), the image is \(image.size)")
        }
        self.image = image
        self.masks = masks
        self.keypoints = keypoints
        originalSize = image.size
        transformToOriginal = .identity
    }

    /// Decodes a photograph from bytes, enforcing `limits` before decoding.
    public static func decode(_ bytes: [UInt8], limits: DecodingLimits = DecodingLimits()) throws -> FundusImage {
        var photo = try FundusImage(Bitmap.decode(bytes, channels: 3, limits: limits))
        photo.cameraTags = ExifCameraTags.read(bytes)
        return photo
    }

    public var size: Size { image.size }

    public func toOriginal(_ p: Point) -> Point { transformToOriginal.apply(p) }

    /// Maps a point of the original photograph into the current pixels.
    public func fromOriginal(_ p: Point) -> Point { (transformToOriginal.inverted ?? .identity).apply(p) }

    /// The keypoints in original-photograph coordinates.
    public var originalKeypoints: [String: Point] { keypoints.mapValues(transformToOriginal.apply) }

    /// Applies `transform` to the image (bilinear), the masks (nearest) and the keypoints alike.
    public func applying(_ transform: SpatialTransform) throws -> FundusImage {
        try applying([transform])
    }

    /// Applies a chain of transforms as one warp: the maps are composed first,
    /// so a patch cut from a large photograph costs only the patch's pixels.
    public func applying(_ transforms: [SpatialTransform]) throws -> FundusImage {
        var map = AffineTransform.identity
        var outputSize = size
        for transform in transforms {
            let step = transform.geometry(for: outputSize)
            map = map.then(step.transform)
            outputSize = step.size
        }
        return try applying(map: map, outputSize: outputSize)
    }

    /// Warps by `map` (this image's pixels → output pixels) into `outputSize`.
    public func applying(map: AffineTransform, outputSize: Size) throws -> FundusImage {
        var map = map
        var source = self
        // Bilinear warps alias when shrinking by more than 2×: shrink by area averaging first.
        let shrink = map.scaleFactor
        if shrink < 0.5 {
            let step = Size(width: max(Int((Double(size.width) * shrink * 1.5).rounded()), 1),
                            height: max(Int((Double(size.height) * shrink * 1.5).rounded()), 1))
            source = try source.resampled(to: step)
            map = source.forwardFrom(self).inverted.map { $0.then(map) } ?? map
        }
        return try source.warped(by: map, to: outputSize)
    }

    /// Area-averaged resize: the anti-aliasing first stage of a large shrink.
    private func resampled(to target: Size) throws -> FundusImage {
        let map = SpatialTransform.resizeMap(
            from: size, scaleX: Double(target.width) / Double(size.width), scaleY: Double(target.height) / Double(size.height))
        var out = self
        out.image = try image.resized(to: target, interpolation: .area)
        out.masks = try masks.mapValues { try $0.resized(to: target, interpolation: .nearest) }
        out.keypoints = keypoints.mapValues(map.apply)
        out.transformToOriginal = (map.inverted ?? .identity).then(transformToOriginal)
        return out
    }

    /// The map from `earlier`'s pixels to this image's pixels.
    private func forwardFrom(_ earlier: FundusImage) -> AffineTransform {
        earlier.transformToOriginal.then(transformToOriginal.inverted ?? .identity)
    }

    private func warped(by map: AffineTransform, to outputSize: Size) throws -> FundusImage {
        guard let inverse = map.inverted else { throw VisionError("the transform collapses the image") }
        var out = self
        out.image = try image.warped(by: map, to: outputSize, interpolation: .linear)
        out.masks = try masks.mapValues { try $0.warped(by: map, to: outputSize, interpolation: .nearest) }
        out.keypoints = keypoints.mapValues(map.apply)
        out.transformToOriginal = inverse.then(transformToOriginal)
        return out
    }

    /// Replaces the pixels without moving anything (colour and contrast changes).
    public func withPixels(_ body: (Bitmap) throws -> Bitmap) throws -> FundusImage {
        let changed = try body(image)
        guard changed.size == image.size, changed.channels == 3 else {
            throw VisionError("a pixel change must keep the size and 3 channels")
        }
        var out = self
        out.image = changed
        return out
    }

    public func settingMask(_ name: String, _ mask: Bitmap?) throws -> FundusImage {
        if let mask, mask.size != size || mask.channels != 1 {
            throw VisionError("mask '\(name)' is \(mask.size)×\(mask.channels), the image is \(size)")
        }
        var out = self
        out.masks[name] = mask
        return out
    }

    public func settingKeypoint(_ name: String, _ point: Point?) -> FundusImage {
        var out = self
        out.keypoints[name] = point
        return out
    }
}
