/// Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations
/// (Golub and Van Loan, §8.5): accurate to rounding for the small matrices of the
/// distribution distances (a few hundred rows).
public struct SymmetricEigendecomposition: Sendable {
    public let values: [Double]
    /// Column k (row-major n × n, element [i * n + k]) is the eigenvector of `values[k]`.
    public let vectors: [Double]
    public let size: Int

    /// `matrix` is n × n row-major and symmetric.
    public init(_ matrix: [Double], size n: Int, sweeps: Int = 100) {
        precondition(matrix.count == n * n)
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0 ..< n { v[i * n + i] = 1 }
        a.withUnsafeMutableBufferPointer { a in
            v.withUnsafeMutableBufferPointer { v in
                for _ in 0 ..< sweeps {
                    var offDiagonal = 0.0, scale = 0.0
                    for i in 0 ..< n {
                        scale += a[i * n + i] * a[i * n + i]
                        for j in (i + 1) ..< max(n, i + 1) { offDiagonal += a[i * n + j] * a[i * n + j] }
                    }
                    if offDiagonal <= 1e-30 * max(scale, 1e-300) { break }
                    for p in 0 ..< n {
                        for q in (p + 1) ..< max(n, p + 1) {
                            let apq = a[p * n + q]
                            guard abs(apq) > 1e-300 else { continue }
                            let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                            let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                            let c = 1 / (t * t + 1).squareRoot(), s = t * c
                            for k in 0 ..< n {
                                let akp = a[k * n + p], akq = a[k * n + q]
                                a[k * n + p] = c * akp - s * akq
                                a[k * n + q] = s * akp + c * akq
                            }
                            for k in 0 ..< n {
                                let apk = a[p * n + k], aqk = a[q * n + k]
                                a[p * n + k] = c * apk - s * aqk
                                a[q * n + k] = s * apk + c * aqk
                            }
                            for k in 0 ..< n {
                                let vkp = v[k * n + p], vkq = v[k * n + q]
                                v[k * n + p] = c * vkp - s * vkq
                                v[k * n + q] = s * vkp + c * vkq
                            }
                        }
                    }
                }
            }
        }
        values = (0 ..< n).map { a[$0 * n + $0] }
        vectors = v
        size = n
    }
}
