import Foundation

/// Confidence-based performance estimation (NannyML's CBPE): with scores calibrated on the
/// reference, the expected confusion matrix of an unlabeled window estimates how the model is
/// doing before any doctor confirms. It holds while the calibration does, that is under
/// covariate shift (the photographs change, P(ROP | score) does not); it cannot see a change
/// in P(ROP | score) itself, which only feedback shows.
public struct ConfidenceBasedPerformanceEstimator: Sendable, Hashable, Codable {
    public let calibration: ScoreCalibration
    /// Predicted positive when score ≥ threshold (the model card's operating point).
    public let threshold: Double

    public init(calibration: ScoreCalibration, threshold: Double) {
        self.calibration = calibration
        self.threshold = threshold
    }

    /// Fits the calibration on reference scores with their labels.
    public init(
        referenceScores: [Double], referenceLabels: [Bool], threshold: Double, method: ScoreCalibration.Method = .isotonic
    ) throws(MonitoringError) {
        self.init(calibration: try ScoreCalibration(method: method, scores: referenceScores, labels: referenceLabels), threshold: threshold)
    }

    /// Non-finite scores are skipped.
    public func estimate(scores: [Double]) -> ExpectedConfusionMatrix {
        var matrix = ExpectedConfusionMatrix()
        for score in scores where score.isFinite {
            let p = min(1, max(0, calibration.calibrated(score)))
            if score >= threshold {
                matrix.truePositives += p
                matrix.falsePositives += 1 - p
            } else {
                matrix.falseNegatives += p
                matrix.trueNegatives += 1 - p
            }
        }
        return matrix
    }
}
