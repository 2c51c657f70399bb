import Foundation

/// A non-decreasing map from a classifier's score to the probability of the positive class,
/// fitted by the pool-adjacent-violators algorithm on reference scores with known labels.
/// Between fitted knots it interpolates linearly (as scikit-learn's `IsotonicRegression`),
/// outside them it holds the end values.
public struct IsotonicCalibration: Sendable, Hashable, Codable {
    /// Scores, ascending: each pooled block contributes its lowest and highest score.
    public let knots: [Double]
    /// The calibrated probability at each knot, non-decreasing.
    public let values: [Double]

    public init(scores: [Double], labels: [Bool]) throws(MonitoringError) {
        guard scores.count == labels.count else { throw .dimensionMismatch(expected: scores.count, got: labels.count) }
        guard !scores.isEmpty else { throw .tooFewValues("isotonic calibration", needed: 1, got: 0) }
        guard scores.allSatisfy(\.isFinite) else { throw .nonFiniteValue("isotonic calibration") }
        struct Block { var sum: Double; var weight: Double; var low: Double; var high: Double }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var blocks: [Block] = []
        for index in order {
            let score = scores[index]
            let label = labels[index] ? 1.0 : 0.0
            if let last = blocks.last, last.high == score {
                // Equal scores must get one value: they start in one block.
                blocks[blocks.count - 1].sum += label
                blocks[blocks.count - 1].weight += 1
            } else {
                blocks.append(Block(sum: label, weight: 1, low: score, high: score))
            }
            while blocks.count >= 2 {
                let current = blocks[blocks.count - 1]
                let previous = blocks[blocks.count - 2]
                guard previous.sum / previous.weight > current.sum / current.weight else { break }
                blocks.removeLast(2)
                blocks.append(Block(
                    sum: previous.sum + current.sum, weight: previous.weight + current.weight, low: previous.low,
                    high: current.high))
            }
        }
        var knots: [Double] = []
        var values: [Double] = []
        for block in blocks {
            let value = block.sum / block.weight
            knots.append(block.low)
            values.append(value)
            if block.high > block.low {
                knots.append(block.high)
                values.append(value)
            }
        }
        self.knots = knots
        self.values = values
    }

    public func calibrated(_ score: Double) -> Double {
        guard let first = knots.first, let last = knots.last else { return .nan }
        if score <= first { return values[0] }
        if score >= last { return values[values.count - 1] }
        // The first knot above the score; the one before it is at or below.
        var low = 0
        var high = knots.count - 1
        while low < high {
            let middle = (low + high) / 2
            if knots[middle] <= score { low = middle + 1 } else { high = middle }
        }
        let (x0, x1) = (knots[low - 1], knots[low])
        let (y0, y1) = (values[low - 1], values[low])
        return y0 + (y1 - y0) * (score - x0) / (x1 - x0)
    }
}
