import Foundation

/// One categorical feature over a reference data set: how often each category occurred.
/// Profiles without the feature are not counted (training data has no site, and many
/// photographs no EXIF make).
public struct CategoricalReference: Sendable, Hashable, Codable {
    public var counts: [String: Int]

    public init(counts: [String: Int]) { self.counts = counts }

    public var total: Int { counts.values.reduce(0, +) }

    /// Each category's share, summing to 1; empty when there are no counts.
    public var proportions: [String: Double] {
        let total = Double(total)
        guard total > 0 else { return [:] }
        return counts.mapValues { Double($0) / total }
    }
}
