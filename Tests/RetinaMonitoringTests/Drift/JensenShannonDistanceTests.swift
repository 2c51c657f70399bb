import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Jensen–Shannon distance")
struct JensenShannonDistanceTests {
    @Test("Half and half against a new camera taking half")
    func byHand() throws {
        // P = (½, ½, 0), Q = (¼, ¼, ½), M = (⅜, ⅜, ¼).
        // KL(P‖M) = 2·½·log₂(4/3) = 0.415037; KL(Q‖M) = 2·¼·log₂(2/3) + ½·log₂ 2 = 0.207519.
        // JSD = ½(0.415037 + 0.207519) = 0.311278, distance √ = 0.557923 (scipy's jensenshannon, base 2).
        let distance = try JensenShannonDistance(
            reference: ["RetCam": 50, "3nethra": 50], current: ["RetCam": 25, "3nethra": 25, "Phoenix": 50])
        #expect(abs(distance.value - 0.5579230452841438) < 1e-12)
    }

    @Test("Identical distributions are at 0, disjoint ones at 1")
    func bounds() throws {
        #expect(try JensenShannonDistance(reference: ["a": 3, "b": 1], current: ["a": 30, "b": 10]).value < 1e-12)
        #expect(abs(try JensenShannonDistance(reference: ["a": 3], current: ["b": 5]).value - 1) < 1e-12)
        #expect(throws: MonitoringError.tooFewValues("Jensen–Shannon current", needed: 1, got: 0)) {
            try JensenShannonDistance(reference: ["a": 1], current: [String: Int]())
        }
    }
}
