import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Performance before labels (CBPE)")
struct ConfidenceBasedPerformanceEstimatorTests {
    @Test("The expected confusion matrix by hand")
    func byHand() throws {
        // Calibration knots (0.1, 0), (0.2, ½), (0.3, ½), (0.4, 1); threshold 0.3.
        // Window 0.1 0.35 0.4 0.4 0.15 → calibrated 0, 0.75, 1, 1, 0.25.
        // Predicted positive (≥ 0.3): 0.35, 0.4, 0.4 → TP = 0.75 + 1 + 1 = 2.75, FP = 0.25.
        // Predicted negative: 0.1, 0.15 → FN = 0 + 0.25 = 0.25, TN = 1 + 0.75 = 1.75.
        // Accuracy (2.75 + 1.75)/5 = 0.9, sensitivity 2.75/3 = 0.916667, specificity 1.75/2 = 0.875.
        let estimator = try ConfidenceBasedPerformanceEstimator(
            referenceScores: [0.1, 0.2, 0.3, 0.4], referenceLabels: [false, true, false, true], threshold: 0.3)
        let matrix = estimator.estimate(scores: [0.1, 0.35, 0.4, 0.4, 0.15])
        #expect(abs(matrix.truePositives - 2.75) < 1e-12 && abs(matrix.falsePositives - 0.25) < 1e-12)
        #expect(abs(matrix.falseNegatives - 0.25) < 1e-12 && abs(matrix.trueNegatives - 1.75) < 1e-12)
        #expect(abs(matrix.accuracy! - 0.9) < 1e-12)
        #expect(abs(matrix.sensitivity! - 2.75 / 3) < 1e-12 && abs(matrix.specificity! - 0.875) < 1e-12)
        #expect(estimator.estimate(scores: []).accuracy == nil)
    }

    /// P(ROP | score) = score²: the raw score is not calibrated, so the estimator must learn it.
    static func replay(_ count: Int, drawScore: (inout SplitMix64) -> Double, using generator: inout SplitMix64) -> (scores: [Double], labels: [Bool]) {
        let scores = (0..<count).map { _ in drawScore(&generator) }
        return (scores, scores.map { generator.nextBernoulli($0 * $0) })
    }

    @Test("On a replay with labels drawn from the calibrated probabilities, the estimate follows the true accuracy within 0.04", arguments: [
        ScoreCalibration.Method.isotonic, .platt,
    ])
    func replay(method: ScoreCalibration.Method) throws {
        // Reference: 5 000 uniform scores. Windows of 1 000 under covariate shift: scores
        // uniform, √u (more high scores) and u² (more low), labels ~ Bernoulli(score²).
        // Threshold 0.5. A window's realised accuracy has sampling sd √(a(1 − a)/1000) ≈ 0.014,
        // so 0.04 allows the sampling noise plus the calibration's own error. Observed mean absolute
        // error over the 9 windows: 0.013 (isotonic) and 0.011 (Platt, whose sigmoid cannot follow
        // score² exactly but is close enough over the scores that occur).
        var generator = SplitMix64(seed: 41)
        let reference = Self.replay(5_000, drawScore: { $0.nextUnit() }, using: &generator)
        let estimator = try ConfidenceBasedPerformanceEstimator(
            referenceScores: reference.scores, referenceLabels: reference.labels, threshold: 0.5, method: method)
        let shifts: [(inout SplitMix64) -> Double] = [{ $0.nextUnit() }, { $0.nextUnit().squareRoot() }, { pow($0.nextUnit(), 2) }]
        var errors: [Double] = []
        var accuracies: [Double] = []
        for shift in shifts {
            for _ in 0..<3 {
                let window = Self.replay(1_000, drawScore: shift, using: &generator)
                let truth = LivePerformance(zip(window.scores, window.labels).map {
                    LabelledPrediction(score: $0, threshold: 0.5, actuallyPositive: $1)
                })
                let estimate = try #require(estimator.estimate(scores: window.scores).accuracy)
                let actual = try #require(truth.accuracy?.value)
                errors.append(abs(estimate - actual))
                accuracies.append(actual)
            }
        }
        let tolerance = 0.04
        #expect(errors.allSatisfy { $0 < tolerance }, "errors \(errors)")
        #expect(errors.reduce(0, +) / Double(errors.count) < tolerance / 2)
        // The shifts move the true accuracy by more than the error, so the estimate tracks something.
        #expect((accuracies.max()! - accuracies.min()!) > 0.05)
    }
}
