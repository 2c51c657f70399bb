import Foundation

/// When live performance counts as below the model card's figures.
///
/// The default criterion alerts when the Wilson interval's upper bound falls below
/// card − margin: the window is then confidently worse than the card allows, so a handful of
/// confirmations with one miss does not page anyone. The point-estimate criterion alerts
/// sooner and more often.
public struct PerformanceAlertRule: Sendable, Hashable, Codable {
    public enum Criterion: String, Sendable, Hashable, Codable {
        /// Alert when the interval's upper bound is below card − margin.
        case upperBoundBelowFloor = "upper_bound"
        /// Alert when the point estimate is below card − margin.
        case pointEstimateBelowFloor = "point_estimate"
    }

    /// How far below the card's figure is tolerated (absolute, 0.05 = five points).
    public var margin: Double
    public var criterion: Criterion
    /// Metrics with fewer trials (positives for sensitivity …) raise no alert.
    public var minimumTrials: Int

    public init(margin: Double = 0.05, criterion: Criterion = .upperBoundBelowFloor, minimumTrials: Int = 10) {
        self.margin = margin
        self.criterion = criterion
        self.minimumTrials = minimumTrials
    }

    /// The alerts, in `PerformanceMetric.allCases` order; card figures that are nil are not watched.
    public func alerts(for live: LivePerformance, card: [PerformanceMetric: Double]) -> [PerformanceAlert] {
        PerformanceMetric.allCases.compactMap { metric in
            guard let figure = card[metric], let estimate = live.estimate(of: metric), estimate.trials >= minimumTrials else {
                return nil
            }
            let floor = figure - margin
            let observed = criterion == .upperBoundBelowFloor ? estimate.upperBound : estimate.value
            guard observed < floor else { return nil }
            return PerformanceAlert(metric: metric, cardValue: figure, floor: floor, estimate: estimate)
        }
    }
}
