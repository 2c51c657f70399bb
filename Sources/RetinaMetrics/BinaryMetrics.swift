import Foundation

/// Binary classification or segmentation metrics that accumulate over batches
/// (or pixels), aggregate once, and reset.
///
/// Threshold metrics (accuracy, precision, recall = sensitivity, specificity,
/// F1 = Dice, IoU) use `threshold`. ROC AUC and PR AUC (average precision) use
/// a 200 000-bin histogram of the scores' logits over [−25, 25]: scores in one
/// bin count as ties. Binning the logit rather than the probability keeps the
/// ranking among the many pixels whose probability is 1e-4 or 1e-7, which a
/// uniform probability grid would lump together and so underrate the AUC.
public struct BinaryMetrics: Sendable {
    public var threshold: Double
    static let bins = 200_000
    static let logitRange = 25.0
    private var positives = [Int](repeating: 0, count: BinaryMetrics.bins)
    private var negatives = [Int](repeating: 0, count: BinaryMetrics.bins)
    public private(set) var truePositives = 0
    public private(set) var falsePositives = 0
    public private(set) var trueNegatives = 0
    public private(set) var falseNegatives = 0

    public init(threshold: Double = 0.5) { self.threshold = threshold }

    public var count: Int { truePositives + falsePositives + trueNegatives + falseNegatives }

    /// Adds one score (probability in [0, 1]) and its label.
    public mutating func update(score: Double, label: Bool) {
        let p = min(max(score, 1e-300), 1 - 1e-16)
        let logit = Foundation.log(p / (1 - p))
        let position = (logit + Self.logitRange) / (2 * Self.logitRange) * Double(Self.bins)
        let bin = min(max(Int(position.isFinite ? position : 0), 0), Self.bins - 1)
        let predicted = score >= threshold
        if label {
            positives[bin] += 1
            if predicted { truePositives += 1 } else { falseNegatives += 1 }
        } else {
            negatives[bin] += 1
            if predicted { falsePositives += 1 } else { trueNegatives += 1 }
        }
    }

    /// Adds scores and labels, counting only where `include` is true (e.g. inside the field of view).
    public mutating func update(scores: [Float], labels: [Bool], include: [Bool]? = nil) {
        for i in scores.indices where include?[i] ?? true {
            update(score: Double(scores[i]), label: labels[i])
        }
    }

    public mutating func reset() { self = BinaryMetrics(threshold: threshold) }

    static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

    public var accuracy: Double { Self.ratio(truePositives + trueNegatives, count) }
    public var precision: Double { Self.ratio(truePositives, truePositives + falsePositives) }
    public var sensitivity: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
    public var specificity: Double { Self.ratio(trueNegatives, trueNegatives + falsePositives) }
    public var f1: Double { Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }
    public var intersectionOverUnion: Double { Self.ratio(truePositives, truePositives + falsePositives + falseNegatives) }

    /// Area under the ROC curve (the probability that a random positive outscores a random negative).
    public var rocAUC: Double {
        let (p, n) = (positives.reduce(0, +), negatives.reduce(0, +))
        guard p > 0, n > 0 else { return .nan }
        var area = 0.0
        var negativesBelow = 0
        for bin in 0 ..< Self.bins {
            area += Double(positives[bin]) * (Double(negativesBelow) + 0.5 * Double(negatives[bin]))
            negativesBelow += negatives[bin]
        }
        return area / (Double(p) * Double(n))
    }

    /// Average precision: Σ over thresholds of (recall step × precision), highest scores first.
    public var prAUC: Double {
        let p = positives.reduce(0, +)
        guard p > 0 else { return .nan }
        var (tp, fp, area) = (0, 0, 0.0)
        for bin in stride(from: Self.bins - 1, through: 0, by: -1) where positives[bin] + negatives[bin] > 0 {
            tp += positives[bin]
            fp += negatives[bin]
            area += Double(positives[bin]) / Double(p) * Double(tp) / Double(tp + fp)
        }
        return area
    }

    /// The threshold among `candidates` with the highest F1, and that F1, from the
    /// histogram (to its bin resolution): how an operating point is chosen on validation data.
    public func bestF1Threshold(candidates: [Double] = stride(from: 0.1, through: 0.9, by: 0.02).map { $0 }) -> (threshold: Double, f1: Double) {
        var best = (threshold: threshold, f1: -1.0)
        for t in candidates {
            let p = min(max(t, 1e-300), 1 - 1e-16)
            let first = Int(((Foundation.log(p / (1 - p)) + Self.logitRange) / (2 * Self.logitRange) * Double(Self.bins)).rounded(.up))
            let from = min(max(first, 0), Self.bins)
            let tp = positives[from...].reduce(0, +)
            let fp = negatives[from...].reduce(0, +)
            let fn = positives[..<from].reduce(0, +)
            let f1 = Self.ratio(2 * tp, 2 * tp + fp + fn)
            if f1 > best.f1 { best = (t, f1) }
        }
        return best
    }

    /// Every metric by its contract name.
    public func aggregate() -> [String: Double] {
        [
            "accuracy": accuracy, "precision": precision, "recall": sensitivity, "sensitivity": sensitivity,
            "specificity": specificity, "f1": f1, "dice": f1, "iou": intersectionOverUnion,
            "auc": rocAUC, "pr_auc": prAUC,
        ]
    }
}
