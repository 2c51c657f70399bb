import Foundation

/// Sample quantiles by linear interpolation between order statistics (Hyndman and Fan's
/// type 7, numpy's default): the q-quantile of sorted x₀…xₙ₋₁ is x at position q·(n − 1).
public enum Quantile {
    /// The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending; nil when empty.
    public static func ofSorted(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The median of unsorted values; nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        ofSorted(values.sorted(), 0.5)
    }
}
