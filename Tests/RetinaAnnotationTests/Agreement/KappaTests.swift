import Testing
@testable import RetinaAnnotation

@Suite("Cohen's, weighted and Fleiss' κ against hand-computed values")
struct KappaTests {
    @Test("Cohen's κ of two raters on ten items")
    func cohen() throws {
        // A: y y y y y y n n n n   B: y y y y n n y n n n
        // Agreements: items 1–4 (y/y) and 8–10 (n/n) → pₒ = 7/10 = 0.7.
        // A says y 6 times, n 4; B says y 5, n 5 → pₑ = 0.6·0.5 + 0.4·0.5 = 0.5.
        // κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
        let a = ["y", "y", "y", "y", "y", "y", "n", "n", "n", "n"]
        let b = ["y", "y", "y", "y", "n", "n", "y", "n", "n", "n"]
        let kappa = try CohenKappa(a, b)
        #expect(abs(kappa.observedAgreement - 0.7) < 1e-12 && abs(kappa.expectedAgreement - 0.5) < 1e-12)
        #expect(abs(try #require(kappa.value) - 0.4) < 1e-12)
        #expect(try CohenKappa(a, a).value == 1)
    }

    @Test("κ is nil, not NaN, when both raters use one category only; empty or unequal input throws")
    func cohenEdges() throws {
        // pₒ = 1, pₑ = 1: (1 − 1)/(1 − 1) is undefined.
        let single = try CohenKappa(["II", "II", "II"], ["II", "II", "II"])
        #expect(single.value == nil && single.observedAgreement == 1)
        #expect(throws: AgreementError.noItems) { try CohenKappa([String](), []) }
        #expect(throws: AgreementError.mismatchedCounts(first: 2, second: 1)) { try CohenKappa(["a", "b"], ["a"]) }
        // One rater always "a", the other varies: pₑ = 1·(1/2) = 0.5, pₒ = 0.5 → κ = 0.
        #expect(try CohenKappa(["a", "a"], ["a", "b"]).value == 0)
    }

    @Test("Linearly and quadratically weighted κ on a three-point scale")
    func weighted() throws {
        // Categories 0 < 1 < 2 (k = 3). A: 0 1 2 0 2   B: 0 2 2 1 0.
        // Pairs (0,0) (1,2) (2,2) (0,1) (2,0); distances 0 1 0 1 2.
        // Linear weights |i−j|/2: observed = (0 + .5 + 0 + .5 + 1)/5 = 0.4.
        // Marginals A = B = (2, 1, 2). Expected = Σᵢ≠ⱼ wᵢⱼ aᵢ bⱼ / 25
        //   = [.5·2·1 + 1·2·2 + .5·1·2 + .5·1·2 + 1·2·2 + .5·2·1] / 25 = 12/25 = 0.48.
        //   κ_lin = 1 − 0.4/0.48 = 1/6.
        // Quadratic weights (|i−j|/2)²: observed = (.25 + .25 + 1)/5 = 0.3;
        //   expected = [.25·2 + 1·4 + .25·2 + .25·2 + 1·4 + .25·2] / 25 = 10/25 = 0.4; κ_quad = 1 − 0.3/0.4 = 0.25.
        // Unweighted: pₒ = 2/5, pₑ = (2·2 + 1·1 + 2·2)/25 = 9/25 → κ = (0.4 − 0.36)/0.64 = 0.0625.
        let a = [0, 1, 2, 0, 2], b = [0, 2, 2, 1, 0]
        let linear = try WeightedKappa(a, b, categories: [0, 1, 2], weighting: .linear)
        let quadratic = try WeightedKappa(a, b, categories: [0, 1, 2], weighting: .quadratic)
        #expect(abs(linear.observedDisagreement - 0.4) < 1e-12 && abs(linear.expectedDisagreement - 0.48) < 1e-12)
        #expect(abs(try #require(linear.value) - 1.0 / 6) < 1e-12)
        #expect(abs(try #require(quadratic.value) - 0.25) < 1e-12)
        #expect(abs(try #require(try CohenKappa(a, b).value) - 0.0625) < 1e-12)
    }

    @Test("With two categories weighted κ equals Cohen's; ordering of categories matters")
    func weightedBinary() throws {
        let a = ["y", "y", "y", "y", "y", "y", "n", "n", "n", "n"]
        let b = ["y", "y", "y", "y", "n", "n", "y", "n", "n", "n"]
        for weighting in WeightedKappa.Weighting.allCases {
            let value = try #require(try WeightedKappa(a, b, categories: ["n", "y"], weighting: weighting).value)
            #expect(abs(value - 0.4) < 1e-12)
        }
        #expect(throws: AgreementError.ratingOutsideCategories) {
            try WeightedKappa(["I"], ["IV"], categories: ["I", "II", "III"], weighting: .linear)
        }
        #expect(try WeightedKappa(["II", "II"], ["II", "II"], categories: ["I", "II"], weighting: .quadratic).value == nil)
    }

    @Test("Fleiss' κ of three raters on four items")
    func fleiss() throws {
        // Item ratings and Pᵢ = Σⱼ nᵢⱼ(nᵢⱼ−1) / (3·2):
        //   a a a → 6/6 = 1;  a a b → 2/6 = 1/3;  b b b → 1;  a b b → 1/3.
        // P̄ = (1 + 1/3 + 1 + 1/3)/4 = 2/3. p_a = 6/12, p_b = 6/12 → P̄ₑ = 0.5.
        // κ = (2/3 − 1/2)/(1/2) = 1/3.
        let ratings = [["a", "a", "a"], ["a", "a", "b"], ["b", "b", "b"], ["a", "b", "b"]]
        let kappa = try FleissKappa(ratings: ratings)
        #expect(abs(kappa.observedAgreement - 2.0 / 3) < 1e-12 && abs(kappa.expectedAgreement - 0.5) < 1e-12)
        #expect(abs(try #require(kappa.value) - 1.0 / 3) < 1e-12)
    }

    @Test("Fleiss' κ with varying rater counts: per-item agreement averaged, single ratings left out")
    func fleissVaryingCounts() throws {
        // The four items above plus [a, b] (2 raters: P = 0/2 = 0) and [a] (1 rating: left out).
        // P̄ = (8/3 + 0)/5 = 8/15. Ratings pooled: a 7, b 7 of 14 → P̄ₑ = 0.5.
        // κ = (8/15 − 1/2)/(1/2) = 1/15.
        let ratings = [["a", "a", "a"], ["a", "a", "b"], ["b", "b", "b"], ["a", "b", "b"], ["a", "b"], ["a"]]
        let kappa = try FleissKappa(ratings: ratings)
        #expect(kappa.itemCount == 5)
        #expect(abs(try #require(kappa.value) - 1.0 / 15) < 1e-12)
    }

    @Test("Fleiss' κ reproduces the published worked example (10 subjects, 14 raters, κ = 0.210)")
    func fleissPublished() throws {
        // Fleiss (1971) as worked on Wikipedia: P̄ = 0.378, P̄ₑ = 0.213, κ = 0.2099.
        let table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                     [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
        let ratings = table.map { counts in counts.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) } }
        let kappa = try FleissKappa(ratings: ratings)
        #expect(abs(kappa.observedAgreement - 0.378022) < 1e-6 && abs(kappa.expectedAgreement - 0.212755) < 1e-6)
        #expect(abs(try #require(kappa.value) - 0.209931) < 1e-6)
    }

    @Test("Fleiss' κ edge cases: one category only is nil, no usable item throws")
    func fleissEdges() throws {
        #expect(try FleissKappa(ratings: [["a", "a"], ["a", "a", "a"]]).value == nil)
        #expect(throws: AgreementError.noItems) { try FleissKappa(ratings: [["a"], []]) }
        #expect(throws: AgreementError.noItems) { try FleissKappa(ratings: [[String]]()) }
    }
}
