import Foundation
import FundusImaging
@testable import RetinaMetrics
import Testing

@Suite("Metrics against hand-computed values")
struct MetricsTests {
    /// Scores and labels with TP 2, FP 1, TN 2, FN 1 at threshold 0.5.
    static let scores: [Double] = [0.9, 0.8, 0.6, 0.4, 0.3, 0.1]
    static let labels: [Bool] = [true, true, false, true, false, false]

    func filled() -> BinaryMetrics {
        var m = BinaryMetrics(threshold: 0.5)
        for (s, l) in zip(Self.scores, Self.labels) { m.update(score: s, label: l) }
        return m
    }

    @Test func thresholdMetrics() {
        let m = filled()
        #expect(m.truePositives == 2 && m.falsePositives == 1 && m.trueNegatives == 2 && m.falseNegatives == 1)
        #expect(m.accuracy == 4.0 / 6)
        #expect(m.precision == 2.0 / 3)
        #expect(m.sensitivity == 2.0 / 3)
        #expect(m.specificity == 2.0 / 3)
        #expect(m.f1 == 2.0 / 3)
        #expect(m.intersectionOverUnion == 0.5)
        #expect(m.aggregate()["dice"] == m.f1)
    }

    @Test func rankingMetrics() {
        let m = filled()
        // Positive–negative pairs ranked correctly: (0.9: 3) + (0.8: 3) + (0.4: 2) = 8 of 9.
        #expect(abs(m.rocAUC - 8.0 / 9) < 1e-12)
        // Average precision: recall steps of 1/3 at precision 1, 1 and 3/4.
        #expect(abs(m.prAUC - (1 + 1 + 0.75) / 3) < 1e-12)
        var tied = BinaryMetrics()
        tied.update(score: 0.5, label: true)
        tied.update(score: 0.5, label: false)
        #expect(tied.rocAUC == 0.5)
    }

    @Test func accumulateAggregateReset() {
        var m = BinaryMetrics()
        m.update(scores: [0.9, 0.2, 0.7], labels: [true, false, false], include: [true, true, false])
        #expect(m.count == 2 && m.accuracy == 1)
        m.reset()
        #expect(m.count == 0 && m.rocAUC.isNaN)
    }

    @Test func confusionMatrix() {
        var c = ConfusionMatrix(labels: ["good", "bad", "outlier"])
        for (t, p) in [(0, 0), (0, 0), (0, 1), (1, 1), (2, 2), (2, 0)] { c.update(truth: t, predicted: p) }
        #expect(c.accuracy == 4.0 / 6)
        #expect(c.recall(0) == 2.0 / 3 && c.precision(0) == 2.0 / 3)
        #expect(c.recall(2) == 0.5 && c.precision(2) == 1)
        #expect(c.aggregate()["recall_outlier"] == 0.5)
        c.reset()
        #expect(c.total == 0)
    }

    @Test func pointDistances() {
        var d = PointDistanceMetrics()
        d.update(predicted: Point(x: 3, y: 4), truth: Point(x: 0, y: 0), imageWidth: 100, tolerance: 6)
        d.update(predicted: Point(x: 10, y: 0), truth: Point(x: 0, y: 0), imageWidth: 100, tolerance: 6)
        d.update(predicted: Point(x: 0, y: 1), truth: Point(x: 0, y: 0), imageWidth: 100, tolerance: 6)
        #expect(d.medianPixelError == 5 && d.medianNormalizedError == 0.05)
        #expect(abs(d.withinToleranceRate - 2.0 / 3) < 1e-12)
    }

}

@Suite("Confidence intervals")
struct ConfidenceIntervalTests {
    @Test("Wilson interval of 8 out of 10, and the edges 0/n and n/n, against hand-computed values")
    func wilson() throws {
        let interval = try #require(ConfidenceInterval.wilson(successes: 8, of: 10))
        #expect(abs(interval.lowerBound - 0.4902) < 1e-4 && abs(interval.upperBound - 0.9433) < 1e-4)
        let all = try #require(ConfidenceInterval.wilson(successes: 37, of: 37))
        #expect(all.upperBound == 1 && abs(all.lowerBound - 0.9059) < 1e-4)
        #expect(try #require(ConfidenceInterval.wilson(successes: 0, of: 5)).lowerBound == 0)
        #expect(ConfidenceInterval.wilson(successes: 0, of: 0) == nil)
    }

    @Test("Hanley–McNeil interval of AUC 0.9 with 50 positives and 50 negatives")
    func hanleyMcNeil() throws {
        let interval = try #require(ConfidenceInterval.hanleyMcNeil(auc: 0.9, positives: 50, negatives: 50))
        #expect(abs(interval.lowerBound - 0.83704) < 1e-4 && abs(interval.upperBound - 0.96296) < 1e-4)
        #expect(ConfidenceInterval.hanleyMcNeil(auc: 0.9, positives: 0, negatives: 5) == nil)
        #expect(try #require(ConfidenceInterval.hanleyMcNeil(auc: 1, positives: 3, negatives: 3)).upperBound == 1)
    }
}
