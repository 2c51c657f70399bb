/// The kernel distance (Bińkowski et al. 2018, "KID" on Inception features): the
/// unbiased estimate of the squared maximum mean discrepancy with the cubic
/// polynomial kernel k(x, y) = (xᵀy / d + 1)³, averaged over random subsets of
/// equal size. Unlike the Fréchet distance it has no bias from the sample size,
/// and it can be slightly negative when the two sets come from one distribution.
public enum KernelDistance {
    public struct Estimate: Sendable, Equatable {
        public var mean: Double
        /// Standard deviation over the subsets (0 with one subset).
        public var standardDeviation: Double
        public var subsets: Int
        public var subsetSize: Int
    }

    /// The unbiased MMD² between all of `a` and all of `b`.
    public static func squaredMMD(_ a: FeatureMatrix, _ b: FeatureMatrix) throws(DistributionDistanceError) -> Double {
        try check(a, b)
        let d = Double(a.columns)
        let kaa = a.innerProducts(a), kbb = b.innerProducts(b), kab = a.innerProducts(b)
        return mmd(Array(0 ..< a.rows), Array(0 ..< b.rows), kaa: kaa, kbb: kbb, kab: kab, na: a.rows, nb: b.rows, d: d)
    }

    /// The mean of the unbiased MMD² over `subsets` pairs of random subsets of `subsetSize`
    /// (capped at the smaller set's size), drawn from `random`.
    public static func estimate(_ a: FeatureMatrix, _ b: FeatureMatrix, subsets: Int = 50, subsetSize: Int = 100,
                                random: inout SplitMix64) throws(DistributionDistanceError) -> Estimate {
        try check(a, b)
        let m = min(subsetSize, a.rows, b.rows)
        let d = Double(a.columns)
        let kaa = a.innerProducts(a), kbb = b.innerProducts(b), kab = a.innerProducts(b)
        var values: [Double] = []
        for _ in 0 ..< max(subsets, 1) {
            let ia = Array(Array(0 ..< a.rows).shuffled(using: &random).prefix(m))
            let ib = Array(Array(0 ..< b.rows).shuffled(using: &random).prefix(m))
            values.append(mmd(ia, ib, kaa: kaa, kbb: kbb, kab: kab, na: a.rows, nb: b.rows, d: d))
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : 0
        return Estimate(mean: mean, standardDeviation: variance.squareRoot(), subsets: values.count, subsetSize: m)
    }

    static func check(_ a: FeatureMatrix, _ b: FeatureMatrix) throws(DistributionDistanceError) {
        guard a.columns == b.columns else { throw DistributionDistanceError("feature lengths differ: \(a.columns) and \(b.columns)") }
        guard a.rows >= 2, b.rows >= 2 else { throw DistributionDistanceError("the unbiased MMD needs at least 2 vectors per set, got \(a.rows) and \(b.rows)") }
    }

    static func kernel(_ product: Double, _ d: Double) -> Double {
        let base = product / d + 1
        return base * base * base
    }

    /// Unbiased MMD² of the subsets `ia` of a and `ib` of b, from precomputed inner products.
    static func mmd(_ ia: [Int], _ ib: [Int], kaa: [Double], kbb: [Double], kab: [Double], na: Int, nb: Int, d: Double) -> Double {
        var (xx, yy, xy) = (0.0, 0.0, 0.0)
        for i in ia { for j in ia where j != i { xx += kernel(kaa[i * na + j], d) } }
        for i in ib { for j in ib where j != i { yy += kernel(kbb[i * nb + j], d) } }
        for i in ia { for j in ib { xy += kernel(kab[i * nb + j], d) } }
        let (m, n) = (Double(ia.count), Double(ib.count))
        return xx / (m * (m - 1)) + yy / (n * (n - 1)) - 2 * xy / (m * n)
    }
}
