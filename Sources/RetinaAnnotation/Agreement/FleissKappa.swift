/// Fleiss' κ for any number of raters: (P̄ − P̄ₑ) / (1 − P̄ₑ).
///
/// Items may have different numbers of ratings (annotators drawn from a pool, some
/// photographs still open): each item's agreement Pᵢ = Σⱼ nᵢⱼ(nᵢⱼ − 1) / (nᵢ(nᵢ − 1)) is the
/// share of agreeing ordered rater pairs among its own nᵢ ratings, P̄ their mean over items,
/// and the chance agreement P̄ₑ = Σⱼ pⱼ² uses category shares pⱼ pooled over all ratings.
/// With equal counts this is Fleiss' original statistic. Items with fewer than two ratings
/// carry no agreement and are left out (`itemCount` counts those used).
public struct FleissKappa: Sendable, Hashable {
    public let itemCount: Int
    /// P̄.
    public let observedAgreement: Double
    /// P̄ₑ.
    public let expectedAgreement: Double
    /// κ; nil when P̄ₑ = 1 (every rating in one category), where it is undefined.
    public let value: Double?

    /// `ratings[i]` holds the ratings of item i, in any order.
    /// - Throws: `AgreementError.noItems` when no item has two ratings.
    public init<Category: Hashable>(ratings: [[Category]]) throws(AgreementError) {
        let items = ratings.filter { $0.count >= 2 }
        guard !items.isEmpty else { throw .noItems }
        var totals: [Category: Int] = [:]
        var agreementSum = 0.0
        for item in items {
            var counts: [Category: Int] = [:]
            for rating in item { counts[rating, default: 0] += 1 }
            let n = item.count
            agreementSum += Double(counts.values.reduce(0) { $0 + $1 * ($1 - 1) }) / Double(n * (n - 1))
            for (category, count) in counts { totals[category, default: 0] += count }
        }
        let ratingCount = items.reduce(0) { $0 + $1.count }
        let squares = totals.values.reduce(0) { $0 + $1 * $1 }
        itemCount = items.count
        observedAgreement = agreementSum / Double(items.count)
        expectedAgreement = Double(squares) / Double(ratingCount * ratingCount)
        value = squares == ratingCount * ratingCount ? nil : (observedAgreement - expectedAgreement) / (1 - expectedAgreement)
    }
}
