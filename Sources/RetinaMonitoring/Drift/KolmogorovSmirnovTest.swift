import Foundation

/// The two-sample Kolmogorov–Smirnov test: D = supₓ |F_ref(x) − F_cur(x)|, and its asymptotic
/// p-value Q_KS(√(nm/(n+m)) · D) from the Kolmogorov distribution (scipy's
/// `kstwobign.sf`). Reference samples hold up to thousands of values, where the asymptotic
/// form is what scipy uses too; on small samples it differs from the exact p-value.
public struct KolmogorovSmirnovTest: Sendable, Hashable, Codable {
    public let statistic: Double
    public let pValue: Double
    /// √(nm/(n+m)): the scale of D in the p-value.
    public let effectiveSize: Double

    /// Non-finite values are dropped; each sample needs at least one finite value.
    public init(reference: [Double], current: [Double]) throws(MonitoringError) {
        let a = reference.filter(\.isFinite).sorted()
        let b = current.filter(\.isFinite).sorted()
        guard !a.isEmpty else { throw .tooFewValues("KS reference", needed: 1, got: 0) }
        guard !b.isEmpty else { throw .tooFewValues("KS current", needed: 1, got: 0) }
        let (n, m) = (Double(a.count), Double(b.count))
        var (i, j) = (0, 0)
        var largest = 0.0
        // Step past every copy of the next smallest value in both samples before comparing
        // the empirical distribution functions, so ties do not create spurious gaps.
        while i < a.count, j < b.count {
            let x = min(a[i], b[j])
            while i < a.count, a[i] == x { i += 1 }
            while j < b.count, b[j] == x { j += 1 }
            largest = max(largest, abs(Double(i) / n - Double(j) / m))
        }
        statistic = largest
        effectiveSize = (n * m / (n + m)).squareRoot()
        pValue = KolmogorovDistribution.survival(effectiveSize * largest)
    }
}
