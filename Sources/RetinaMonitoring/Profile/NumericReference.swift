import Foundation

/// One numeric feature over a reference data set: quantile bins for the population
/// stability index and a bounded sample of raw values for the Kolmogorov–Smirnov test.
public struct NumericReference: Sendable, Hashable, Codable {
    /// Finite values the reference had for this feature.
    public var count: Int
    /// Inner bin edges, ascending and distinct. Bin 0 is (−∞, e₀], bin i is (eᵢ₋₁, eᵢ],
    /// the last (eₙ₋₁, ∞): open ends so current values outside the reference range still count.
    public var binEdges: [Double]
    /// The reference's share of values in each bin; `binEdges.count + 1` of them, summing to 1.
    public var binProportions: [Double]
    /// A reservoir sample of the values, sorted ascending.
    public var sample: [Double]

    public init(count: Int, binEdges: [Double], binProportions: [Double], sample: [Double]) {
        self.count = count
        self.binEdges = binEdges
        self.binProportions = binProportions
        self.sample = sample
    }

    /// Bins at the reference's `binCount`-quantiles (deciles for 10). Edges that coincide
    /// (a feature with few distinct values) are merged, so there may be fewer bins.
    public init(values: [Double], binCount: Int, sampleCapacity: Int, seed: UInt64) throws(MonitoringError) {
        guard binCount >= 2 else { throw .invalidParameter("binCount") }
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { throw .tooFewValues("reference bins", needed: 1, got: 0) }
        let sorted = finite.sorted()
        var edges: [Double] = []
        for index in 1..<binCount {
            guard let edge = Quantile.ofSorted(sorted, Double(index) / Double(binCount)) else { continue }
            if edges.last != edge { edges.append(edge) }
        }
        var reservoir = try ReservoirSample<Double>(capacity: sampleCapacity, seed: seed)
        for value in finite { reservoir.offer(value) }
        self.init(count: finite.count, binEdges: edges, binProportions: [], sample: reservoir.items.sorted())
        binProportions = proportions(of: sorted)
    }

    /// The bin a value falls in (see `binEdges`).
    public func binIndex(of value: Double) -> Int {
        // The number of edges strictly below the value: binary search for the first edge ≥ value.
        var low = 0
        var high = binEdges.count
        while low < high {
            let middle = (low + high) / 2
            if binEdges[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The share of the given finite values in each of this reference's bins; all zeros when none.
    public func proportions(of values: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: binEdges.count + 1)
        var total = 0.0
        for value in values where value.isFinite {
            counts[binIndex(of: value)] += 1
            total += 1
        }
        return total > 0 ? counts.map { $0 / total } : counts
    }
}
