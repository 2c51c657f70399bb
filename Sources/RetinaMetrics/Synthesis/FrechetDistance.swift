/// The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al.
/// 2017, "FID" when the features are Inception's; here any network's):
/// d² = ‖μa − μb‖² + tr Σa + tr Σb − 2 tr (Σa^½ Σb Σa^½)^½, with unbiased covariances.
///
/// The trace of the matrix square root is the sum of the square roots of the
/// eigenvalues of Σa Σb. With fewer photographs than features it is computed
/// exactly on the small side: Σa = AᵀA and Σb = BᵀB for the centred, scaled
/// feature rows, and the non-zero eigenvalues of AᵀA BᵀB are the squared singular
/// values of A Bᵀ (na × nb), so the trace is the nuclear norm of A Bᵀ.
public enum FrechetDistance {
    public static func distance(_ a: FeatureMatrix, _ b: FeatureMatrix) throws(DistributionDistanceError) -> Double {
        guard a.columns == b.columns else { throw DistributionDistanceError("feature lengths differ: \(a.columns) and \(b.columns)") }
        guard a.rows >= 2, b.rows >= 2 else { throw DistributionDistanceError("a covariance needs at least 2 vectors per set, got \(a.rows) and \(b.rows)") }
        let (meanA, meanB) = (a.mean, b.mean)
        let meanTerm = zip(meanA, meanB).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let ca = centred(a, meanA), cb = centred(b, meanB)
        let traceA = ca.values.reduce(0) { $0 + $1 * $1 }, traceB = cb.values.reduce(0) { $0 + $1 * $1 }
        let rootTrace: Double
        if a.columns < min(a.rows, b.rows) {
            rootTrace = try traceOfRootThroughCovariances(ca, cb)
        } else {
            // Σa Σb's non-zero eigenvalues are those of M Mᵀ with M = A Bᵀ; use the smaller Gram matrix.
            let m = ca.innerProducts(cb)  // na × nb
            let (rows, cols) = (ca.rows, cb.rows)
            let n = min(rows, cols)
            var gram = [Double](repeating: 0, count: n * n)
            for i in 0 ..< n {
                for j in i ..< n {
                    var s = 0.0
                    if rows <= cols { for k in 0 ..< cols { s += m[i * cols + k] * m[j * cols + k] } }
                    else { for k in 0 ..< rows { s += m[k * cols + i] * m[k * cols + j] } }
                    gram[i * n + j] = s
                    gram[j * n + i] = s
                }
            }
            rootTrace = SymmetricEigendecomposition(gram, size: n).values.reduce(0) { $0 + max($1, 0).squareRoot() }
        }
        return max(meanTerm + traceA + traceB - 2 * rootTrace, 0)
    }

    /// Rows minus the mean, divided by √(n − 1), so that AᵀA is the unbiased covariance.
    static func centred(_ x: FeatureMatrix, _ mean: [Double]) -> FeatureMatrix {
        let scale = 1 / Double(x.rows - 1).squareRoot()
        var values = x.values
        for i in 0 ..< x.rows { for j in 0 ..< x.columns { values[i * x.columns + j] = (values[i * x.columns + j] - mean[j]) * scale } }
        return FeatureMatrix(unchecked: x.rows, x.columns, values)
    }

    /// tr (Σa^½ Σb Σa^½)^½ through the d × d covariances (few features, many vectors).
    static func traceOfRootThroughCovariances(_ ca: FeatureMatrix, _ cb: FeatureMatrix) throws(DistributionDistanceError) -> Double {
        let d = ca.columns
        func covariance(_ c: FeatureMatrix) -> [Double] {
            var out = [Double](repeating: 0, count: d * d)
            for i in 0 ..< c.rows { for p in 0 ..< d { for q in 0 ..< d { out[p * d + q] += c.values[i * d + p] * c.values[i * d + q] } } }
            return out
        }
        let sa = covariance(ca), sb = covariance(cb)
        let eigen = SymmetricEigendecomposition(sa, size: d)
        // Σa^½ = V diag(√λ) Vᵀ
        var root = [Double](repeating: 0, count: d * d)
        for p in 0 ..< d { for q in 0 ..< d {
            var s = 0.0
            for k in 0 ..< d { s += eigen.vectors[p * d + k] * max(eigen.values[k], 0).squareRoot() * eigen.vectors[q * d + k] }
            root[p * d + q] = s
        } }
        func product(_ x: [Double], _ y: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: d * d)
            for p in 0 ..< d { for k in 0 ..< d { let xpk = x[p * d + k]; for q in 0 ..< d { out[p * d + q] += xpk * y[k * d + q] } } }
            return out
        }
        var inner = product(product(root, sb), root)
        for p in 0 ..< d { for q in p ..< d { let s = (inner[p * d + q] + inner[q * d + p]) / 2; inner[p * d + q] = s; inner[q * d + p] = s } }
        return SymmetricEigendecomposition(inner, size: d).values.reduce(0) { $0 + max($1, 0).squareRoot() }
    }
}
