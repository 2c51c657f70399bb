import FundusImaging

/// Localisation errors of predicted points: in pixels, and divided by the image
/// width so that figures compare across resolutions.
public struct PointDistanceMetrics: Sendable {
    public private(set) var pixelErrors: [Double] = []
    public private(set) var normalizedErrors: [Double] = []
    /// Per point: whether the error was below its tolerance (e.g. the true disc radius).
    public private(set) var withinTolerance: [Bool] = []

    public init() {}

    public mutating func update(predicted: Point, truth: Point, imageWidth: Int, tolerance: Double? = nil) {
        let error = predicted.distance(to: truth)
        pixelErrors.append(error)
        normalizedErrors.append(error / Double(imageWidth))
        if let tolerance { withinTolerance.append(error < tolerance) }
    }

    public mutating func reset() { self = PointDistanceMetrics() }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    public var count: Int { pixelErrors.count }
    public var medianPixelError: Double { Self.median(pixelErrors) }
    public var medianNormalizedError: Double { Self.median(normalizedErrors) }
    public var meanNormalizedError: Double { normalizedErrors.isEmpty ? .nan : normalizedErrors.reduce(0, +) / Double(normalizedErrors.count) }
    public var withinToleranceRate: Double { BinaryMetrics.ratio(withinTolerance.filter { $0 }.count, withinTolerance.count) }
}
