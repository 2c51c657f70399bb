/// Cohen's κ between two raters of the same items: (pₒ − pₑ) / (1 − pₑ), pₒ the share of
/// items they rate alike, pₑ the share expected by chance from each rater's own category
/// frequencies.
public struct CohenKappa: Sendable, Hashable {
    public let itemCount: Int
    /// pₒ.
    public let observedAgreement: Double
    /// pₑ.
    public let expectedAgreement: Double
    /// κ; nil when pₑ = 1 (both raters used one and the same category for every item),
    /// where agreement beyond chance is undefined.
    public let value: Double?

    /// `first[i]` and `second[i]` are the two ratings of item i.
    /// - Throws: `AgreementError.mismatchedCounts`, `.noItems` for empty ratings.
    public init<Category: Hashable>(_ first: [Category], _ second: [Category]) throws(AgreementError) {
        guard first.count == second.count else { throw .mismatchedCounts(first: first.count, second: second.count) }
        guard !first.isEmpty else { throw .noItems }
        let n = first.count
        let agreements = zip(first, second).count(where: { $0 == $1 })
        var firstCounts: [Category: Int] = [:], secondCounts: [Category: Int] = [:]
        for rating in first { firstCounts[rating, default: 0] += 1 }
        for rating in second { secondCounts[rating, default: 0] += 1 }
        // Σ over categories of both raters' counts, compared exactly against n² for the undefined case.
        let chanceProducts = firstCounts.reduce(0) { $0 + $1.value * (secondCounts[$1.key] ?? 0) }
        itemCount = n
        observedAgreement = Double(agreements) / Double(n)
        expectedAgreement = Double(chanceProducts) / Double(n * n)
        value = chanceProducts == n * n ? nil : (observedAgreement - expectedAgreement) / (1 - expectedAgreement)
    }
}
