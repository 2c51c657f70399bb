/// A threshold on a binary score with the sensitivity and specificity it gives,
/// computed exactly from the scores (validation sets are small).
public struct OperatingPoint: Codable, Sendable, Equatable {
    public var threshold: Double
    public var sensitivity: Double
    public var specificity: Double

    /// Sensitivity and specificity of "positive when score ≥ threshold".
    public init(threshold: Double, scores: [Double], labels: [Bool]) {
        var (tp, fn, tn, fp) = (0, 0, 0, 0)
        for (score, label) in zip(scores, labels) {
            switch (label, score >= threshold) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            case (false, true): fp += 1
            }
        }
        self.threshold = threshold
        sensitivity = BinaryMetrics.ratio(tp, tp + fn)
        specificity = BinaryMetrics.ratio(tn, tn + fp)
    }

    /// The highest threshold whose sensitivity is at least `minimumSensitivity`
    /// (so the most specific one that still finds that share of the positives):
    /// just under the score of the positive that must still be caught.
    public static func forSensitivity(_ minimumSensitivity: Double, scores: [Double], labels: [Bool]) -> OperatingPoint? {
        let positives = zip(scores, labels).filter(\.1).map(\.0).sorted(by: >)
        guard !positives.isEmpty else { return nil }
        let needed = min(positives.count, max(1, Int((minimumSensitivity * Double(positives.count)).rounded(.up))))
        let threshold = positives[needed - 1] * (1 - 1e-9)
        return OperatingPoint(threshold: threshold, scores: scores, labels: labels)
    }
}
