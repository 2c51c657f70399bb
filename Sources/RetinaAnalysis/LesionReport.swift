/// Normal versus lesion for the whole photograph, at the operating threshold
/// chosen on validation data for high sensitivity.
public struct LesionReport: Codable, Sendable, Equatable {
    /// `normal` or `lesion`.
    public var label: String
    /// Probability of `lesion`.
    public var probability: Double
    public var threshold: Double
    /// How far the probability is from the threshold, as a probability of the label given (0.5…1).
    public var confidence: Double

    public init(probability: Double, threshold: Double) {
        self.probability = probability
        self.threshold = threshold
        label = probability >= threshold ? "lesion" : "normal"
        confidence = Self.confidence(probability: probability, threshold: threshold)
    }

    /// The probability rescaled so that the threshold maps to 0.5: the confidence of the label given.
    public static func confidence(probability: Double, threshold: Double) -> Double {
        let scaled = probability >= threshold
            ? 0.5 + 0.5 * (probability - threshold) / max(1 - threshold, 1e-9)
            : 0.5 + 0.5 * (threshold - probability) / max(threshold, 1e-9)
        return min(1, max(0.5, scaled))
    }
}
