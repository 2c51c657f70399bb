import Foundation
import RetinaMetrics

/// A proportion (sensitivity, specificity, accuracy …) with its Wilson score interval
/// (`RetinaMetrics.ConfidenceInterval.wilson`), which stays inside [0, 1] and behaves on
/// small windows where the normal approximation does not.
public struct ProportionEstimate: Sendable, Hashable, Codable {
    public let successes: Int
    public let trials: Int
    public let value: Double
    public let lowerBound: Double
    public let upperBound: Double

    /// nil when there are no trials (e.g. sensitivity over a window without positives).
    /// `z` = 1.959964 gives the two-sided 95 % interval.
    public init?(successes: Int, of trials: Int, z: Double = 1.959964) {
        guard successes >= 0, successes <= trials,
              let interval = ConfidenceInterval.wilson(successes: successes, of: trials, z: z) else { return nil }
        self.successes = successes
        self.trials = trials
        value = Double(successes) / Double(trials)
        lowerBound = interval.lowerBound
        upperBound = interval.upperBound
    }
}
