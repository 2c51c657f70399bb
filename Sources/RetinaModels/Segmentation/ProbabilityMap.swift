import FundusImaging

/// Per-pixel probabilities at an image's resolution.
public struct ProbabilityMap: Sendable {
    public let width: Int
    public let height: Int
    public let values: [Float]

    public init(width: Int, height: Int, values: [Float]) {
        self.width = width
        self.height = height
        self.values = values
    }

    /// 255 where the probability reaches `threshold`, else 0.
    public func mask(threshold: Double) throws -> Bitmap {
        let t = Float(threshold)
        return try Bitmap(width: width, height: height, channels: 1, pixels: values.map { $0 >= t ? 255 : 0 })
    }

    /// The probabilities as a grey image (0 → black, 1 → white).
    public func bitmap() throws -> Bitmap {
        try Bitmap(width: width, height: height, channels: 1, pixels: values.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
    }

    /// Whether the structure is there at all: at least `minimumShare` of the
    /// pixels reach `threshold` (one pixel in 2000 by default, so that a few
    /// noisy pixels do not count as a finding).
    public func isPresent(threshold: Double, minimumShare: Double = 0.0005) -> Bool {
        let t = Float(threshold)
        let count = values.reduce(0) { $0 + ($1 >= t ? 1 : 0) }
        return Double(count) >= minimumShare * Double(max(values.count, 1))
    }

    /// The map moved by `transform` (destination = transform(source)) onto a
    /// `size` grid, bilinear, at 8-bit precision; uncovered pixels are 0.
    public func warped(by transform: AffineTransform, to size: Size) throws -> ProbabilityMap {
        let moved = try bitmap().warped(by: transform, to: size, interpolation: .linear)
        return ProbabilityMap(width: size.width, height: size.height, values: moved.pixels.map { Float($0) / 255 })
    }
}
