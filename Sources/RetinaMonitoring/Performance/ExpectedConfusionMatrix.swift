import Foundation

/// The confusion matrix a window of unlabeled scores is expected to have, given calibrated
/// probabilities: a predicted positive with probability p adds p to the true positives and
/// 1 − p to the false positives, a predicted negative p to the false negatives and 1 − p to
/// the true negatives.
public struct ExpectedConfusionMatrix: Sendable, Hashable, Codable {
    public var truePositives: Double
    public var falsePositives: Double
    public var trueNegatives: Double
    public var falseNegatives: Double

    public init(truePositives: Double = 0, falsePositives: Double = 0, trueNegatives: Double = 0, falseNegatives: Double = 0) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    public var count: Double { truePositives + falsePositives + trueNegatives + falseNegatives }

    /// nil for an empty window.
    public var accuracy: Double? { count > 0 ? (truePositives + trueNegatives) / count : nil }

    /// Expected TP over expected positives (a ratio of expectations, as NannyML's CBPE);
    /// nil when no positives are expected.
    public var sensitivity: Double? {
        let positives = truePositives + falseNegatives
        return positives > 0 ? truePositives / positives : nil
    }

    /// Expected TN over expected negatives; nil when no negatives are expected.
    public var specificity: Double? {
        let negatives = trueNegatives + falsePositives
        return negatives > 0 ? trueNegatives / negatives : nil
    }
}
