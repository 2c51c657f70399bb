/// The mean Euclidean distance, in pixels, between two annotators' points for the same
/// items (fovea positions of the same photographs).
public struct MeanPointDistance: Sendable, Hashable {
    public let itemCount: Int
    public let value: Double

    /// - Throws: `AgreementError.mismatchedCounts`, `.noItems` for no points.
    public init(_ first: [ImagePoint], _ second: [ImagePoint]) throws(AgreementError) {
        guard first.count == second.count else { throw .mismatchedCounts(first: first.count, second: second.count) }
        guard !first.isEmpty else { throw .noItems }
        itemCount = first.count
        value = zip(first, second).reduce(0) { $0 + $1.0.distance(to: $1.1) } / Double(first.count)
    }
}
