import Foundation
import RetinaAnalysis
import RetinaData
import RetinaMetrics
import RetinaModels
import RetinaTraining

/// The ROP model measured as reports give its finding (`ReportPathTaskEvaluation`: the
/// bundled quality gate, then the ROP classifier, on the rows whose diagnosis the card maps);
/// overall, per camera family, and as the whole sensitivity/specificity trade-off.
public struct ROPEvaluation: Sendable {
    public let card: ModelCard
    public let outcomes: [ReportPathEvaluation.Outcome]
    /// Rows of the split without a mapped diagnosis.
    public let skipped: Int

    /// The figures of outcomes already measured (`ReportPathTaskEvaluation`).
    public init(card: ModelCard, outcomes: [ReportPathEvaluation.Outcome], skipped: Int) {
        self.card = card
        self.outcomes = outcomes
        self.skipped = skipped
    }

    /// `ReportPathMetrics.rop` over all rows, and per camera family as `camera_<family>_<metric>`.
    public var metrics: [String: Double] {
        var metrics = ReportPathMetrics.rop(outcomes, card: card)
        for (family, group) in ReportPathMetrics.byCamera(outcomes) {
            for (key, value) in ReportPathMetrics.rop(group, card: card) { metrics["camera_\(family)_\(key)"] = value }
        }
        return metrics
    }

    /// The trade-off as a card note: sensitivity and specificity with 95 % Wilson
    /// intervals at each threshold, the card's own marked.
    public func tradeOffNote(split name: String, thresholds: [Double] = [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) -> String {
        let all = (thresholds + [card.threshold]).sorted()
        let labelled = ReportPathMetrics.ropScores(outcomes, card: card)
        let positives = labelled.filter(\.isROP).count, negatives = labelled.count - positives
        let points = all.map { threshold -> String in
            let found = labelled.filter { $0.isROP && $0.score >= threshold }.count
            let cleared = labelled.filter { !$0.isROP && $0.score < threshold }.count
            func share(_ k: Int, _ n: Int) -> String {
                guard n > 0, let r = ConfidenceInterval.wilson(successes: k, of: n) else { return "n/a" }
                return String(format: "%.3f (%.2f–%.2f)", Double(k) / Double(n), r.lowerBound, r.upperBound)
            }
            return String(format: "%@%.3f: ", threshold == card.threshold ? "*" : "", threshold)
                + "sensitivity \(share(found, positives)), specificity \(share(cleared, negatives))"
        }
        return "Trade-off on \(name) through the report path (\(positives) ROP, \(negatives) normal; * = the card's threshold, "
            + "95% Wilson intervals): " + points.joined(separator: "; ")
    }
}
