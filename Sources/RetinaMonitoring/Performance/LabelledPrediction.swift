import Foundation

/// A prediction joined with the truth a doctor confirmed later.
public struct LabelledPrediction: Sendable, Hashable, Codable {
    public var predictedPositive: Bool
    public var actuallyPositive: Bool

    public init(predictedPositive: Bool, actuallyPositive: Bool) {
        self.predictedPositive = predictedPositive
        self.actuallyPositive = actuallyPositive
    }

    /// Predicted positive when score ≥ threshold.
    public init(score: Double, threshold: Double, actuallyPositive: Bool) {
        self.init(predictedPositive: score >= threshold, actuallyPositive: actuallyPositive)
    }
}
