import Foundation

/// The area under the ROC curve by the Mann–Whitney U statistic: the probability that a
/// random positive scores above a random negative, ties counting one half (average ranks).
public enum ROCAUC {
    public static func compute(scores: [Double], labels: [Bool]) throws(MonitoringError) -> Double {
        guard scores.count == labels.count else { throw .dimensionMismatch(expected: scores.count, got: labels.count) }
        guard scores.allSatisfy(\.isFinite) else { throw .nonFiniteValue("ROC AUC") }
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { throw .singleClass("ROC AUC") }
        let ranks = averageRanks(scores)
        var positiveRankSum = 0.0
        for (rank, label) in zip(ranks, labels) where label { positiveRankSum += rank }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// 1-based ranks, tied values sharing the mean of the ranks they span.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        return ranks
    }
}
