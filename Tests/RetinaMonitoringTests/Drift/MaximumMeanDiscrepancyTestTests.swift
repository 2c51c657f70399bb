import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Maximum mean discrepancy")
struct MaximumMeanDiscrepancyTestTests {
    @Test("MMD² of {0, 1} against {3, 4} with σ = 1")
    func byHand() throws {
        // k(d) = exp(−d²/2). Within each sample the one pair is at distance 1: mean e^−0.5 each.
        // Across: distances 3, 4, 2, 3 → mean (2e^−4.5 + e^−8 + e^−2)/4.
        // MMD² = 2e^−0.5 − 2·(2e^−4.5 + e^−8 + e^−2)/4 = 1.213061 − 0.078944 = 1.134117.
        var generator = SplitMix64(seed: 1)
        let test = try MaximumMeanDiscrepancyTest(reference: [[0], [1]], current: [[3], [4]], bandwidth: 1, permutations: 10, using: &generator)
        #expect(abs(test.statistic - 1.134116949954767) < 1e-12)
    }

    @Test("The median heuristic and the permutation p-value of {0, 1} against {3, 4}")
    func medianHeuristicAndPermutations() throws {
        // Pooled distances 1, 3, 4, 2, 3, 1 → sorted 1 1 2 3 3 4, median σ = 2.5.
        // k(d) = exp(−d²/12.5): MMD² = 2k(1) − (2k(3) + k(4) + k(2))/2 = 0.857387.
        // Of the 6 ways to split 4 points in 2 + 2, only {0,1}|{3,4} and its mirror reach the
        // observed value: the exact permutation p-value is 2/6. 999 random relabellings give
        // (1 + ~333)/1000; binomial sd of the count ≈ 15, so ±0.05 is over 3 sd.
        var generator = SplitMix64(seed: 2)
        let test = try MaximumMeanDiscrepancyTest(reference: [[0], [1]], current: [[3], [4]], permutations: 999, using: &generator)
        #expect(test.bandwidth == 2.5)
        #expect(abs(test.statistic - 0.8573872680498573) < 1e-12)
        #expect(abs(test.pValue - 1.0 / 3) < 0.05)
    }

    @Test("Shifted embeddings have a small p-value, embeddings from the same normal do not")
    func shifted() throws {
        var generator = SplitMix64(seed: 5)
        func sample(_ count: Int, shift: Double) -> [[Double]] {
            (0..<count).map { _ in [shift + generator.nextGaussian(), generator.nextGaussian(), generator.nextGaussian()] }
        }
        let reference = sample(100, shift: 0)
        let same = sample(60, shift: 0)
        let moved = sample(60, shift: 1)
        var permutations = SplitMix64(seed: 6)
        let null = try MaximumMeanDiscrepancyTest(reference: reference, current: same, permutations: 200, using: &permutations)
        let drift = try MaximumMeanDiscrepancyTest(reference: reference, current: moved, permutations: 200, using: &permutations)
        #expect(null.pValue > 0.05)
        #expect(drift.pValue < 0.01 && drift.statistic > null.statistic)
    }

    @Test("Too small or ragged samples are errors")
    func errors() {
        var generator = SplitMix64(seed: 1)
        #expect(throws: MonitoringError.tooFewValues("MMD current", needed: 2, got: 1)) {
            try MaximumMeanDiscrepancyTest(reference: [[0], [1]], current: [[3]], using: &generator)
        }
        #expect(throws: MonitoringError.dimensionMismatch(expected: 1, got: 2)) {
            try MaximumMeanDiscrepancyTest(reference: [[0], [1]], current: [[3], [4, 5]], using: &generator)
        }
    }
}
