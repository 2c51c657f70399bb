import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Score calibration")
struct CalibrationTests {
    @Test("Isotonic regression pools adjacent violators and interpolates between knots")
    func isotonicByHand() throws {
        // Labels 0 1 0 1 at scores 0.1 0.2 0.3 0.4: the 1 then 0 at 0.2, 0.3 violate the order and
        // pool to ½. Knots (0.1, 0), (0.2, ½), (0.3, ½), (0.4, 1).
        let calibration = try IsotonicCalibration(scores: [0.3, 0.1, 0.4, 0.2], labels: [false, false, true, true])
        #expect(calibration.knots == [0.1, 0.2, 0.3, 0.4] && calibration.values == [0, 0.5, 0.5, 1])
        #expect(abs(calibration.calibrated(0.15) - 0.25) < 1e-12)
        #expect(abs(calibration.calibrated(0.35) - 0.75) < 1e-12)
        #expect(calibration.calibrated(0.25) == 0.5)
        #expect(calibration.calibrated(-1) == 0 && calibration.calibrated(2) == 1)
    }

    @Test("Equal scores share one calibrated value")
    func isotonicTies() throws {
        let calibration = try IsotonicCalibration(scores: [0.5, 0.5, 0.5, 0.9], labels: [true, false, false, true])
        #expect(calibration.knots == [0.5, 0.9])
        #expect(abs(calibration.values[0] - 1.0 / 3) < 1e-12 && calibration.values[1] == 1)
    }

    @Test("Platt scaling recovers the sigmoid the labels were drawn from")
    func platt() throws {
        var generator = SplitMix64(seed: 31)
        let scores = (0..<20_000).map { _ in generator.nextGaussian() }
        let labels = scores.map { generator.nextBernoulli(1 / (1 + exp(-(2 * $0 - 1)))) }
        let calibration = try PlattScaling(scores: scores, labels: labels)
        // Maximum likelihood on 20 000 draws: slope and intercept within a few hundredths.
        #expect(abs(calibration.slope - 2) < 0.1 && abs(calibration.intercept + 1) < 0.1)
        #expect(abs(calibration.calibrated(0.5) - 0.5) < 0.03)
        #expect(throws: MonitoringError.singleClass("Platt scaling")) { try PlattScaling(scores: [1, 2], labels: [false, false]) }
    }

    @Test("A calibration round-trips through JSON")
    func codable() throws {
        let calibration = try ScoreCalibration(method: .isotonic, scores: [0.1, 0.2, 0.3], labels: [false, true, true])
        let data = try JSONEncoder().encode(calibration)
        #expect(try JSONDecoder().decode(ScoreCalibration.self, from: data) == calibration)
    }
}
