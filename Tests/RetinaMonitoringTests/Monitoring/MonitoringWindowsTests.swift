import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Monitoring windows")
struct MonitoringWindowsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// An analysis with brightness N(100 + shift, 10), a score, a camera and a site.
    static func analysis(_ index: Int, brightnessShift: Double = 0, camera: String = "RetCam", site: String = "key-a",
                         score: Double = 0.5, using generator: inout SplitMix64) -> MonitoredAnalysis {
        var profile = InputProfile()
        profile[.brightness] = 100 + brightnessShift + 10 * generator.nextGaussian()
        profile[.contrast] = 50 + 5 * generator.nextGaussian()
        profile[.ropProbability] = score
        profile[.cameraFamily] = camera
        profile[.site] = site
        return MonitoredAnalysis(analysisID: "a\(index)", recordedAt: start.addingTimeInterval(Double(index)), profile: profile, latencyMs: 100)
    }

    static func classifier(estimator: ConfidenceBasedPerformanceEstimator? = nil) throws -> WatchedClassifier {
        var generator = SplitMix64(seed: 7)
        let reference = try ReferenceProfile(profiles: (0 ..< 1_000).map { analysis($0, using: &generator).profile })
        return WatchedClassifier(model: "rop", version: "1", reference: reference, scoreFeature: NumericFeature.ropProbability.rawValue,
                                 estimator: estimator, cardFigures: [.sensitivity: 0.95, .specificity: 0.70, .accuracy: 0.85])
    }

    @Test("Both windows slide; drift is flagged in the window by count, per camera and per site, only where it happened")
    func windowsAndGroups() throws {
        let classifier = try Self.classifier()
        var windows = try MonitoringWindows(configuration: .init(windowCount: 400, windowDuration: 200))
        var generator = SplitMix64(seed: 8)
        for index in 0 ..< 400 { windows.record(Self.analysis(index, using: &generator)) }
        var snapshot = windows.snapshot(of: [classifier], now: Self.start.addingTimeInterval(399))
        #expect(snapshot.window(.count)?.analyses == 400)
        #expect(snapshot.window(.time)?.analyses == 200)
        #expect(snapshot.window(.count)?.meanLatencyMs == 100)
        #expect(!snapshot.isDrifted)

        // A new site whose photographs are brighter: drift in brightness, at that site only.
        for index in 400 ..< 600 {
            windows.record(Self.analysis(index, brightnessShift: 30, camera: "Neo", site: "key-b", using: &generator))
        }
        snapshot = windows.snapshot(of: [classifier], now: Self.start.addingTimeInterval(599))
        let state = try #require(snapshot.window(.count)?.models.first)
        #expect(state.driftedFeatures.contains("brightness") && !state.driftedFeatures.contains("contrast"))
        #expect(state.bySite["key-b"]?.driftedFeatures.contains("brightness") == true)
        #expect(state.bySite["key-a"]?.driftedFeatures == [])
        #expect(state.byCamera["Neo"]?.driftedFeatures.contains("camera_family") == true)
        #expect(state.byCamera["RetCam"]?.driftedFeatures == [])
        // The window by time holds only the last 200 seconds: all from the new site.
        #expect(snapshot.window(.time)?.models.first?.bySite.keys.sorted() == ["key-b"])
    }

    @Test("Wrong confirmations lower the live figures and raise the alert; right ones do not")
    func feedbackAlerts() throws {
        let classifier = try Self.classifier()
        var windows = try MonitoringWindows(configuration: .init(windowCount: 100))
        // 40 ROP and 60 normal photographs, all called right: sensitivity and specificity 1.
        func confirm(_ index: Int, predicted: Bool, actual: Bool) {
            windows.record(Confirmation(analysisID: "c\(index)", confirmedAt: Self.start.addingTimeInterval(Double(index)),
                                        outcomes: ["rop": LabelledPrediction(predictedPositive: predicted, actuallyPositive: actual)]))
        }
        for index in 0 ..< 100 { confirm(index, predicted: index < 40, actual: index < 40) }
        var state = try #require(windows.snapshot(of: [classifier], now: Self.start.addingTimeInterval(100)).window(.count)?.models.first)
        #expect(state.live?.sensitivity?.value == 1 && state.live?.specificity?.value == 1)
        #expect(state.alerts.isEmpty)

        // Then 100 more where the model misses half the ROP: sensitivity 0.5, far below 0.95 − 0.05.
        for index in 100 ..< 200 { confirm(index, predicted: index < 120, actual: index < 140) }
        state = try #require(windows.snapshot(of: [classifier], now: Self.start.addingTimeInterval(200)).window(.count)?.models.first)
        let sensitivity = try #require(state.live?.sensitivity)
        #expect(sensitivity.value == 0.5 && sensitivity.trials == 40)
        #expect(sensitivity.upperBound < 0.90)
        // Accuracy 0.8 has an upper bound of 0.867, above 0.85 − 0.05: the rule waits for more evidence.
        #expect(state.alerts.map(\.metric) == [.sensitivity])
        #expect(state.live?.specificity?.value == 1)

        // The doctor corrects one of them: it counts once, as corrected.
        confirm(199, predicted: false, actual: true)
        state = try #require(windows.snapshot(of: [classifier], now: Self.start.addingTimeInterval(200)).window(.count)?.models.first)
        #expect(state.live?.count == 99 && state.live?.falseNegatives == 21)
    }

    @Test("CBPE's estimate follows the true accuracy of a replay whose labels are known")
    func estimatedPerformance() throws {
        // Scores calibrated by construction: P(ROP | s) = s. The reference fits the calibration.
        var generator = SplitMix64(seed: 9)
        func draw(_ count: Int, scale: Double) -> [(score: Double, label: Bool)] {
            (0 ..< count).map { _ in
                let score = min(1, max(0, 0.5 + scale * (generator.nextUnit() - 0.5)))
                return (score, generator.nextBernoulli(score))
            }
        }
        let reference = draw(5_000, scale: 1)
        let estimator = try ConfidenceBasedPerformanceEstimator(
            referenceScores: reference.map(\.score), referenceLabels: reference.map(\.label), threshold: 0.5)
        let classifier = try Self.classifier(estimator: estimator)
        // A replay where the scores crowd around 0.5 (harder photographs): accuracy falls.
        for scale in [1.0, 0.3] {
            var windows = try MonitoringWindows(configuration: .init(windowCount: 2_000))
            let replay = draw(2_000, scale: scale)
            for (index, entry) in replay.enumerated() {
                windows.record(Self.analysis(index, score: entry.score, using: &generator))
            }
            let truth = Double(replay.filter { ($0.score >= 0.5) == $0.label }.count) / Double(replay.count)
            let estimated = try #require(windows.snapshot(of: [classifier], now: Self.start).window(.count)?.models.first?.estimated?.accuracy)
            // Expected accuracy: 0.75 at scale 1, 0.575 at scale 0.3; the estimate within 0.03 of the truth.
            #expect(abs(estimated - truth) < 0.03, "scale \(scale): estimated \(estimated), true \(truth)")
        }
    }
}
