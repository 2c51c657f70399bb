import Foundation

/// Sensitivity, specificity and accuracy over a window of confirmed predictions, each with
/// its Wilson interval.
public struct LivePerformance: Sendable, Hashable, Codable {
    public let truePositives: Int
    public let falsePositives: Int
    public let trueNegatives: Int
    public let falseNegatives: Int
    /// nil without positives in the window.
    public let sensitivity: ProportionEstimate?
    /// nil without negatives in the window.
    public let specificity: ProportionEstimate?
    /// nil for an empty window.
    public let accuracy: ProportionEstimate?

    /// - Parameter z: the interval's normal quantile; 1.959964 for 95 %.
    public init(_ predictions: some Sequence<LabelledPrediction>, z: Double = 1.959964) {
        var (tp, fp, tn, fn) = (0, 0, 0, 0)
        for prediction in predictions {
            switch (prediction.predictedPositive, prediction.actuallyPositive) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, false): tn += 1
            case (false, true): fn += 1
            }
        }
        (truePositives, falsePositives, trueNegatives, falseNegatives) = (tp, fp, tn, fn)
        sensitivity = ProportionEstimate(successes: tp, of: tp + fn, z: z)
        specificity = ProportionEstimate(successes: tn, of: tn + fp, z: z)
        accuracy = ProportionEstimate(successes: tp + tn, of: tp + fp + tn + fn, z: z)
    }

    public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives }

    public func estimate(of metric: PerformanceMetric) -> ProportionEstimate? {
        switch metric {
        case .sensitivity: sensitivity
        case .specificity: specificity
        case .accuracy: accuracy
        }
    }
}
