import Foundation
import RetinaData
@testable import RetinaEvaluation
import RetinaTraining
import Testing

@Suite("Landmark calibration")
struct LandmarkCalibrationTests {
    typealias Candidate = LandmarkCalibration.Candidate

    @Test("The lowest threshold whose found points are right often enough, ties taken together")
    func choice() throws {
        // Confidences 0.9 … 0.1; the 0.5 and 0.2 points are wrong.
        let candidates = zip([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1], [true, true, true, true, false, true, true, false, true])
            .map { Candidate(confidence: $0, right: $1) }
        // ≥ 0.75: down to 0.3 (6 of 7 right, 0.857); at 0.2, 6 of 8 (0.75); at 0.1, 7 of 9 (0.78).
        let choice = try #require(LandmarkCalibration.choose(candidates, precision: 0.85))
        #expect(choice.threshold == 0.3 && choice.candidates == 9 && abs(choice.precision - 6.0 / 7) < 1e-12 && abs(choice.foundRate - 7.0 / 9) < 1e-12)
        #expect(LandmarkCalibration.choose(candidates, precision: 0.75)?.threshold == 0.1)
        // Every point right at ≥ 0.6: four of them, fewer than the five a choice needs.
        #expect(LandmarkCalibration.choose(candidates, precision: 1.0) == nil)
        #expect(LandmarkCalibration.choose(candidates, precision: 1.0, minimumFound: 4)?.threshold == 0.6)
        // Every point right down to the lowest: a lower threshold the card has stays, a higher one comes down.
        let allRight = [0.9, 0.8, 0.7, 0.6, 0.5].map { Candidate(confidence: $0, right: true) }
        #expect(LandmarkCalibration.choose(allRight, precision: 0.9, current: 0.3)?.threshold == 0.3)
        #expect(LandmarkCalibration.choose(allRight, precision: 0.9, current: 0.7)?.threshold == 0.5)
        // A tie at the threshold finds both points or neither.
        let tied = [Candidate(confidence: 0.5, right: true), Candidate(confidence: 0.5, right: false)]
        #expect(LandmarkCalibration.choose(tied, precision: 0.6, minimumFound: 1) == nil)
        let curve = LandmarkCalibration.tradeOff(candidates, thresholds: [0.35, 0.95])
        #expect(curve[0].foundRate == 6.0 / 9 && curve[0].precision == 5.0 / 6 && curve[1].foundRate == 0 && curve[1].precision.isNaN)
    }

    @Test("The held-out rows are those training validates on, found without decoding a photograph")
    func heldOutRows() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("held-out-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let recipe = try TinyLateralityRecipe.make(in: root)
        let held = try PreparedSamples.heldOutRows(recipe: recipe, dataRoot: root) { $0.eye != nil }
        let (_, validation) = try PreparedSamples.load(recipe: recipe, dataRoot: root) { $0.eye != nil }
        #expect(held.count == 4 && held.map(\.image) == validation.compactMap(\.source))
    }
}
