import Foundation

/// A model's score calibrated on the reference data's labels, stored with the reference
/// profile so the server can estimate performance (CBPE) before any doctor confirms.
public struct ReferenceCalibration: Sendable, Hashable, Codable {
    /// The numeric profile feature holding the positive-class score.
    public var scoreFeature: String
    /// Predicted positive when the score is at least this (the card's operating point).
    public var threshold: Double
    public var calibration: ScoreCalibration
    /// Labelled scores it was fitted on.
    public var count: Int

    public init(scoreFeature: String, threshold: Double, calibration: ScoreCalibration, count: Int) {
        self.scoreFeature = scoreFeature
        self.threshold = threshold
        self.calibration = calibration
        self.count = count
    }

    public var estimator: ConfidenceBasedPerformanceEstimator {
        ConfidenceBasedPerformanceEstimator(calibration: calibration, threshold: threshold)
    }
}
