/// Weighted κ for ordinal ratings by two raters: 1 − Σ wᵢⱼ Oᵢⱼ / Σ wᵢⱼ Eᵢⱼ, with O the
/// observed and E the chance-expected table of rating pairs and w the disagreement weight of
/// categories i and j, |i − j| / (k − 1) (linear) or its square (quadratic), k categories.
/// With two categories both equal Cohen's κ.
public struct WeightedKappa: Sendable, Hashable {
    public enum Weighting: String, Sendable, Hashable, Codable, CaseIterable {
        case linear, quadratic

        func weight(_ i: Int, _ j: Int, categories: Int) -> Double {
            guard categories > 1 else { return 0 }
            let distance = Double(abs(i - j)) / Double(categories - 1)
            return self == .linear ? distance : distance * distance
        }
    }

    public let weighting: Weighting
    public let itemCount: Int
    /// Mean weighted disagreement observed.
    public let observedDisagreement: Double
    /// Mean weighted disagreement expected by chance.
    public let expectedDisagreement: Double
    /// κ; nil when no disagreement is expected by chance (every rating in one category).
    public let value: Double?

    /// `categories` is the ordinal scale, in order; every rating must be one of them.
    /// - Throws: `AgreementError.mismatchedCounts`, `.noItems`, `.ratingOutsideCategories`.
    public init<Category: Hashable>(_ first: [Category], _ second: [Category], categories: [Category],
                                    weighting: Weighting) throws(AgreementError) {
        guard first.count == second.count else { throw .mismatchedCounts(first: first.count, second: second.count) }
        guard !first.isEmpty else { throw .noItems }
        var position: [Category: Int] = [:]
        for (index, category) in categories.enumerated() where position[category] == nil { position[category] = index }
        let k = categories.count
        var observed = Array(repeating: Array(repeating: 0, count: k), count: k)
        var firstCounts = Array(repeating: 0, count: k), secondCounts = Array(repeating: 0, count: k)
        for (a, b) in zip(first, second) {
            guard let i = position[a], let j = position[b] else { throw .ratingOutsideCategories }
            observed[i][j] += 1
            firstCounts[i] += 1
            secondCounts[j] += 1
        }
        let n = Double(first.count)
        var observedSum = 0.0, expectedSum = 0.0
        for i in 0..<k {
            for j in 0..<k where i != j {
                let w = weighting.weight(i, j, categories: k)
                observedSum += w * Double(observed[i][j])
                expectedSum += w * Double(firstCounts[i]) * Double(secondCounts[j])
            }
        }
        self.weighting = weighting
        itemCount = first.count
        observedDisagreement = observedSum / n
        expectedDisagreement = expectedSum / (n * n)
        value = expectedSum > 0 ? 1 - observedDisagreement / expectedDisagreement : nil
    }
}
