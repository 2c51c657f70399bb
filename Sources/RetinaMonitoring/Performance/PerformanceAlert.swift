import Foundation

/// A live figure below what the model card allows.
public struct PerformanceAlert: Sendable, Hashable, Codable {
    public let metric: PerformanceMetric
    /// The figure on the model card.
    public let cardValue: Double
    /// card − margin.
    public let floor: Double
    public let estimate: ProportionEstimate

    public init(metric: PerformanceMetric, cardValue: Double, floor: Double, estimate: ProportionEstimate) {
        self.metric = metric
        self.cardValue = cardValue
        self.floor = floor
        self.estimate = estimate
    }
}
