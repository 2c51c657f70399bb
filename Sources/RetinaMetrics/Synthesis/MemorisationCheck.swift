/// Whether a generator copies its training photographs: each generated photograph's
/// distance to its nearest training photograph, against the same distance for real
/// photographs the generator never saw (the test split). A real test photograph is
/// a new picture of the same population, so a generated one much nearer to a
/// training photograph than test photographs come is a likely copy.
public enum MemorisationCheck {
    public struct Neighbour: Sendable, Equatable {
        public var query: Int
        public var reference: Int
        public var distance: Double
    }

    public struct Result: Sendable, Equatable {
        /// Per generated photograph, its nearest training photograph, in query order.
        public var generated: [Neighbour]
        /// Per test photograph, its nearest training photograph.
        public var test: [Neighbour]
        /// The `quantile` of the test photographs' nearest distances: the line below which a generated one is flagged.
        public var threshold: Double
        public var quantile: Double
        /// Generated photographs nearer to a training photograph than `threshold`, nearest first.
        public var flagged: [Neighbour]

        /// Share of generated photographs flagged; about `quantile` when the generator copies no more than new photographs resemble old ones.
        public var flaggedShare: Double { generated.isEmpty ? 0 : Double(flagged.count) / Double(generated.count) }
        public var medianGenerated: Double { MemorisationCheck.quantile(generated.map(\.distance), 0.5) }
        public var medianTest: Double { MemorisationCheck.quantile(test.map(\.distance), 0.5) }
        /// The generated photographs nearest to their training neighbours, nearest first (for a contact sheet).
        public func closest(_ count: Int) -> [Neighbour] { Array(generated.sorted { $0.distance < $1.distance }.prefix(count)) }
    }

    /// `generatedToTrain` (g × t) and `testToTrain` (s × t) are row-major distance matrices.
    public static func check(generatedToTrain: [Double], testToTrain: [Double], trainCount t: Int, quantile: Double = 0.05) throws(DistributionDistanceError) -> Result {
        guard t >= 1, generatedToTrain.count % t == 0, testToTrain.count % t == 0, !testToTrain.isEmpty else {
            throw DistributionDistanceError("distance matrices must have \(t) columns and at least one test row")
        }
        guard (0 ... 1).contains(quantile) else { throw DistributionDistanceError("quantile must be in [0, 1], got \(quantile)") }
        let generated = nearest(generatedToTrain, columns: t)
        let test = nearest(testToTrain, columns: t)
        let threshold = Self.quantile(test.map(\.distance), quantile)
        let flagged = generated.filter { $0.distance < threshold }.sorted { $0.distance < $1.distance }
        return Result(generated: generated, test: test, threshold: threshold, quantile: quantile, flagged: flagged)
    }

    /// Per row, the column with the smallest distance.
    public static func nearest(_ distances: [Double], columns: Int) -> [Neighbour] {
        (0 ..< distances.count / columns).map { i in
            var best = 0
            for j in 1 ..< max(columns, 1) where distances[i * columns + j] < distances[i * columns + best] { best = j }
            return Neighbour(query: i, reference: best, distance: distances[i * columns + best])
        }
    }

    /// The linearly interpolated `q` quantile of `values` (numpy's default).
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
