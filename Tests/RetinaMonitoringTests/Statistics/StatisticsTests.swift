import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Shared statistics")
struct StatisticsTests {
    @Test("SplitMix64 gives the reference sequence for seed 0")
    func splitMix() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
        var unit = SplitMix64(seed: 7)
        #expect((0..<1000).map { _ in unit.nextUnit() }.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test("Quantiles interpolate linearly between order statistics, as numpy")
    func quantiles() {
        // sorted: 1 1 2 3 4 5 6 9; q · 7: 0.7 → 1 + 0.7·0 = 1; 1.75 → 1 + 0.75·1 = 1.75;
        // 3.5 → 3 + 0.5·1 = 3.5; 6.3 → 6 + 0.3·3 = 6.9 (numpy.quantile agrees).
        let sorted = [3.0, 1, 4, 1, 5, 9, 2, 6].sorted()
        let expected = [(0.1, 1.0), (0.25, 1.75), (0.5, 3.5), (0.9, 6.9)]
        for (q, value) in expected { #expect(abs(Quantile.ofSorted(sorted, q)! - value) < 1e-12) }
        #expect(Quantile.ofSorted([], 0.5) == nil)
        #expect(Quantile.median([4, 1, 3]) == 3)
    }

    @Test("ROC AUC by Mann–Whitney, ties counting one half")
    func rocAUC() throws {
        // Positives 0.35, 0.8 against negatives 0.1, 0.4: of the 4 pairs 0.35 > 0.1, 0.8 > 0.1,
        // 0.8 > 0.4 are won, 0.35 < 0.4 lost: 3/4.
        #expect(try ROCAUC.compute(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        // Positives 0.5, 0.9 against negatives 0.5, 0.2: 0.5 = 0.5 counts ½, the other three won: 3.5/4.
        #expect(try ROCAUC.compute(scores: [0.5, 0.5, 0.2, 0.9], labels: [true, false, false, true]) == 0.875)
        #expect(try ROCAUC.compute(scores: [1, 1, 1], labels: [true, false, true]) == 0.5)
        #expect(throws: MonitoringError.singleClass("ROC AUC")) {
            try ROCAUC.compute(scores: [0.1, 0.2], labels: [true, true])
        }
        #expect(ROCAUC.averageRanks([10, 20, 10, 30]) == [1.5, 3, 1.5, 4])
    }

    @Test("Wilson intervals by hand")
    func wilson() throws {
        // 8 of 10, z = 1.959964: centre (0.8 + z²/20)/(1 + z²/10) = 0.99207/1.38415 = 0.71674,
        // half z·√(0.016 + z²/400)/(1 + z²/10) = 0.31330/1.38415 = 0.22658 → [0.49016, 0.94332].
        let estimate = try #require(ProportionEstimate(successes: 8, of: 10))
        #expect(estimate.value == 0.8)
        #expect(abs(estimate.lowerBound - 0.490162) < 1e-5 && abs(estimate.upperBound - 0.943318) < 1e-5)
        // 0 of 5: the lower bound is 0 and the upper z²/(n + z²) = 3.84146/8.84146 = 0.43448.
        let none = try #require(ProportionEstimate(successes: 0, of: 5))
        #expect(none.lowerBound == 0 && abs(none.upperBound - 0.434482) < 1e-5)
        #expect(ProportionEstimate(successes: 0, of: 0) == nil)
    }

    @Test("A reservoir sample is bounded, reproducible from its seed, and roughly uniform")
    func reservoir() throws {
        var first = try ReservoirSample<Int>(capacity: 100, seed: 42)
        var second = try ReservoirSample<Int>(capacity: 100, seed: 42)
        var other = try ReservoirSample<Int>(capacity: 100, seed: 43)
        for value in 0..<10_000 {
            first.offer(value)
            second.offer(value)
            other.offer(value)
        }
        #expect(first.items.count == 100 && first.seen == 10_000)
        #expect(first.items == second.items && first.items != other.items)
        // A uniform sample of 100 from 0..<10 000 has mean 4 999.5 ± 289 (σ/√100).
        let mean = Double(first.items.reduce(0, +)) / 100
        #expect(abs(mean - 4_999.5) < 1_000)
        var small = try ReservoirSample<Int>(capacity: 5, seed: 1)
        for value in 0..<3 { small.offer(value) }
        #expect(small.items == [0, 1, 2])
        #expect(throws: MonitoringError.invalidParameter("capacity")) { try ReservoirSample<Int>(capacity: 0, seed: 1) }
    }
}
