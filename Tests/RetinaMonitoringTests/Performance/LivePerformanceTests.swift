import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Live performance from feedback")
struct LivePerformanceTests {
    static func predictions(tp: Int, fn: Int, tn: Int, fp: Int) -> [LabelledPrediction] {
        [LabelledPrediction](repeating: .init(predictedPositive: true, actuallyPositive: true), count: tp)
            + [LabelledPrediction](repeating: .init(predictedPositive: false, actuallyPositive: true), count: fn)
            + [LabelledPrediction](repeating: .init(predictedPositive: false, actuallyPositive: false), count: tn)
            + [LabelledPrediction](repeating: .init(predictedPositive: true, actuallyPositive: false), count: fp)
    }

    @Test("Counts, figures and Wilson intervals by hand")
    func byHand() throws {
        // 8 TP, 2 FN, 45 TN, 5 FP: sensitivity 8/10 → Wilson [0.490162, 0.943318];
        // specificity 45/50 → [0.786398, 0.956524]; accuracy 53/60 = 0.883333.
        let live = LivePerformance(Self.predictions(tp: 8, fn: 2, tn: 45, fp: 5))
        #expect(live.count == 60 && live.truePositives == 8 && live.falsePositives == 5)
        let sensitivity = try #require(live.sensitivity)
        #expect(sensitivity.value == 0.8 && abs(sensitivity.lowerBound - 0.490162) < 1e-5)
        let specificity = try #require(live.specificity)
        #expect(specificity.value == 0.9 && abs(specificity.lowerBound - 0.786398) < 1e-5 && abs(specificity.upperBound - 0.956524) < 1e-5)
        #expect(abs(live.accuracy!.value - 53.0 / 60) < 1e-12)
        #expect(LivePerformance([LabelledPrediction(predictedPositive: false, actuallyPositive: false)]).sensitivity == nil)
        #expect(LivePerformance([LabelledPrediction]()).accuracy == nil)
    }

    @Test("Injected wrong predictions lower the live figures and raise the alert")
    func injectedErrors() throws {
        let card: [PerformanceMetric: Double] = [.sensitivity: 0.95, .specificity: 0.9, .accuracy: 0.91]
        let rule = PerformanceAlertRule(margin: 0.05)
        // As on the card: 95 of 100 positives, 180 of 200 negatives. No alert.
        var window = try CountWindow<LabelledPrediction>(capacity: 300)
        let date = Date(timeIntervalSince1970: 0)
        for prediction in Self.predictions(tp: 95, fn: 5, tn: 180, fp: 20) { window.append(prediction, at: date) }
        let healthy = LivePerformance(window.values)
        #expect(rule.alerts(for: healthy, card: card) == [])
        // 100 missed ROP cases arrive: sensitivity in the window falls to about 0.3; its
        // interval's upper bound is far below 0.95 − 0.05.
        for prediction in Self.predictions(tp: 0, fn: 100, tn: 0, fp: 0) { window.append(prediction, at: date) }
        let degraded = LivePerformance(window.values)
        #expect(degraded.sensitivity!.value < healthy.sensitivity!.value)
        #expect(degraded.accuracy!.value < healthy.accuracy!.value)
        let alerts = rule.alerts(for: degraded, card: card)
        #expect(alerts.map(\.metric) == [.sensitivity, .accuracy])
        #expect(alerts[0].floor == 0.95 - 0.05 && alerts[0].estimate.upperBound < 0.9)
    }

    @Test("The upper-bound rule waits for evidence; the point-estimate rule does not")
    func criteria() {
        // 8 of 10: point 0.8 < 0.9, but the Wilson upper bound 0.943 is not.
        let live = LivePerformance(Self.predictions(tp: 8, fn: 2, tn: 0, fp: 0))
        let card: [PerformanceMetric: Double] = [.sensitivity: 0.95]
        #expect(PerformanceAlertRule(margin: 0.05).alerts(for: live, card: card) == [])
        #expect(PerformanceAlertRule(margin: 0.05, criterion: .pointEstimateBelowFloor).alerts(for: live, card: card).count == 1)
        #expect(PerformanceAlertRule(margin: 0.05, criterion: .pointEstimateBelowFloor, minimumTrials: 20).alerts(for: live, card: card) == [])
    }
}
