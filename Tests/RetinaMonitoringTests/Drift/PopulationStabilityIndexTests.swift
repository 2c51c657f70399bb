import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Population stability index")
struct PopulationStabilityIndexTests {
    @Test("Four equal reference bins against 0.4, 0.3, 0.2, 0.1")
    func byHand() throws {
        // 0.15·ln(0.4/0.25) + 0.05·ln(0.3/0.25) − 0.05·ln(0.2/0.25) − 0.15·ln(0.1/0.25)
        // = 0.15·0.470004 + 0.05·0.182322 + 0.05·0.223144 + 0.15·0.916291 = 0.228217
        let psi = try PopulationStabilityIndex(referenceProportions: [0.25, 0.25, 0.25, 0.25], currentProportions: [0.4, 0.3, 0.2, 0.1])
        #expect(abs(psi.value - 0.2282174) < 1e-6)
        let same = try PopulationStabilityIndex(referenceProportions: [0.1, 0.9], currentProportions: [0.1, 0.9])
        #expect(same.value == 0)
    }

    @Test("An empty bin counts as ε = 1e-4")
    func emptyBin() throws {
        // Bin 3 is empty in the reference: (0.25 − 0.0001)·ln(0.25/0.0001) = 0.2499·7.824046 = 1.955229;
        // bin 2: (0.25 − 0.5)·ln(0.25/0.5) = 0.173287; bin 1 adds 0. Sum 2.128516.
        let psi = try PopulationStabilityIndex(referenceProportions: [0.5, 0.5, 0], currentProportions: [0.5, 0.25, 0.25])
        #expect(abs(psi.value - 2.1285159) < 1e-6)
    }

    @Test("Current values binned on the reference's quartiles of 1…100")
    func onReferenceBins() throws {
        // Edges 25.75, 50.5, 75.25. Current 10 20 | 30 40 | 60 70 | 80 90 95 99 → 0.2, 0.2, 0.2, 0.4
        // against 0.25 each: 3·0.05·ln(1.25) + 0.15·ln(1.6) = 0.033472 + 0.070501 = 0.103972.
        let reference = try NumericReference(values: (1...100).map(Double.init), binCount: 4, sampleCapacity: 10, seed: 1)
        let psi = try PopulationStabilityIndex(current: [10, 20, 30, 40, 60, 70, 80, 90, 95, 99], reference: reference)
        #expect(abs(psi.value - 0.1039722) < 1e-6)
        #expect(throws: MonitoringError.tooFewValues("PSI", needed: 1, got: 0)) {
            try PopulationStabilityIndex(current: [.nan], reference: reference)
        }
    }
}
