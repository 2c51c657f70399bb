import Foundation

/// A proportion (sensitivity, specificity, accuracy …) with its Wilson score interval
/// (Wilson 1927), which stays inside [0, 1] and behaves on small windows where the normal
/// approximation does not.
public struct ProportionEstimate: Sendable, Hashable, Codable {
    public let successes: Int
    public let trials: Int
    public let value: Double
    public let lowerBound: Double
    public let upperBound: Double

    /// nil when there are no trials (e.g. sensitivity over a window without positives).
    /// `z` = 1.959964 gives the two-sided 95 % interval.
    public init?(successes: Int, of trials: Int, z: Double = 1.959964) {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        self.successes = successes
        self.trials = trials
        value = p
        lowerBound = max(0, centre - half)
        upperBound = min(1, centre + half)
    }
}
