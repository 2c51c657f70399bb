/// Precision and recall of a generated distribution (Kynkäänniemi et al. 2019,
/// "Improved precision and recall metric for assessing generative models"): each
/// set's manifold is the union of balls around its vectors whose radius is the
/// distance to the k-th nearest other vector of the same set. Precision is the share
/// of generated vectors inside the real manifold (realism); recall the share of real
/// vectors inside the generated manifold (coverage).
public enum ManifoldPrecisionRecall {
    public struct Result: Sendable, Equatable {
        public var precision: Double
        public var recall: Double
        public var k: Int
    }

    public static func measure(real: FeatureMatrix, generated: FeatureMatrix, k: Int = 3) throws(DistributionDistanceError) -> Result {
        guard real.columns == generated.columns else { throw DistributionDistanceError("feature lengths differ: \(real.columns) and \(generated.columns)") }
        guard k >= 1, real.rows > k, generated.rows > k else {
            throw DistributionDistanceError("k = \(k) needs more than k vectors per set, got \(real.rows) real and \(generated.rows) generated")
        }
        let realRadii = radii(real.distances(to: real), n: real.rows, k: k)
        let generatedRadii = radii(generated.distances(to: generated), n: generated.rows, k: k)
        let cross = generated.distances(to: real)  // generated × real
        let (g, r) = (generated.rows, real.rows)
        let precise = (0 ..< g).filter { i in (0 ..< r).contains { j in cross[i * r + j] <= realRadii[j] } }.count
        let recalled = (0 ..< r).filter { j in (0 ..< g).contains { i in cross[i * r + j] <= generatedRadii[i] } }.count
        return Result(precision: Double(precise) / Double(g), recall: Double(recalled) / Double(r), k: k)
    }

    /// Per vector, the distance to its k-th nearest other vector, from the n × n distance matrix.
    static func radii(_ distances: [Double], n: Int, k: Int) -> [Double] {
        (0 ..< n).map { i in
            var others = (0 ..< n).filter { $0 != i }.map { distances[i * n + $0] }
            others.sort()
            return others[k - 1]
        }
    }
}
