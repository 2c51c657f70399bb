import Foundation
import Testing
@testable import RetinaMonitoring

@Suite("Kolmogorov–Smirnov")
struct KolmogorovSmirnovTestTests {
    @Test("The Kolmogorov distribution's tail matches scipy.stats.kstwobign.sf on both sides of λ = 1.18")
    func kolmogorovDistribution() {
        let expected: [(Double, Double)] = [
            (0.5, 0.9639452436648751), (1.0, 0.26999967167735456), (1.18, 0.1234538094297657),
            (1.5, 0.022217962616525127), (2.0, 0.0006709252557796953),
        ]
        for (lambda, tail) in expected { #expect(abs(KolmogorovDistribution.survival(lambda) - tail) < 1e-12) }
        #expect(KolmogorovDistribution.survival(0) == 1)
        #expect(KolmogorovDistribution.survival(0.05) == 1)
        #expect(KolmogorovDistribution.survival(10) < 1e-80)
    }

    @Test("Two constructed samples: D = 4/7 at x = 2.2, p = Q_KS(1.027105) = 0.242070")
    func constructed() throws {
        // a = 0.1 0.5 0.9 1.3 2.0 2.2 (n = 6), b = 0.4 1.0 1.5 2.5 3.0 3.1 3.6 (m = 7).
        // Just after 2.2, F_a = 6/6 and F_b = 3/7 (0.4, 1.0, 1.5): D = 4/7 = 0.571429, the largest gap.
        // λ = √(6·7/13) · 4/7 = 1.797434 · 0.571429 = 1.027105; Q_KS(λ) = 0.2420703 (kstwobign.sf).
        // scipy.stats.ks_2samp gives the same D; its p-values differ because scipy ≥ 1.5 uses the
        // exact (0.1469) or the finite-n kstwo (0.1885, method="asymp") distribution instead.
        let test = try KolmogorovSmirnovTest(reference: [0.1, 0.5, 0.9, 1.3, 2.0, 2.2], current: [0.4, 1.0, 1.5, 2.5, 3.0, 3.1, 3.6])
        #expect(abs(test.statistic - 4.0 / 7) < 1e-12)
        #expect(abs(test.effectiveSize * test.statistic - 1.027105182026191) < 1e-12)
        #expect(abs(test.pValue - 0.24207030109067038) < 1e-9)
    }

    @Test("Ties: equal samples have D = 0; tied values are stepped over together")
    func ties() throws {
        let same = try KolmogorovSmirnovTest(reference: [1, 2, 2, 3], current: [3, 2, 1, 2])
        #expect(same.statistic == 0 && same.pValue == 1)
        // a = 1 1 2, b = 1 2 2: after 1, F_a = 2/3 and F_b = 1/3: D = 1/3.
        let tied = try KolmogorovSmirnovTest(reference: [1, 1, 2], current: [1, 2, 2])
        #expect(abs(tied.statistic - 1.0 / 3) < 1e-12)
        #expect(throws: MonitoringError.tooFewValues("KS current", needed: 1, got: 0)) {
            try KolmogorovSmirnovTest(reference: [1], current: [])
        }
    }

    @Test("A shifted normal sample is rejected, a fresh one from the same normal is not")
    func shifted() throws {
        var generator = SplitMix64(seed: 11)
        let reference = (0..<2_000).map { _ in generator.nextGaussian() }
        let same = (0..<300).map { _ in generator.nextGaussian() }
        let moved = (0..<300).map { _ in 0.5 + generator.nextGaussian() }
        #expect(try KolmogorovSmirnovTest(reference: reference, current: same).pValue > 0.05)
        #expect(try KolmogorovSmirnovTest(reference: reference, current: moved).pValue < 1e-6)
    }
}
