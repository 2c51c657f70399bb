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
}
