/// L Lᵀ of a symmetric positive definite matrix, for solving and inverting it.
struct CholeskyFactorization {
    /// Row-major lower triangle.
    private let lower: [[Double]]

    /// nil when the matrix is not positive definite.
    init?(_ matrix: [[Double]]) {
        let n = matrix.count
        var lower = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i][j]
                for k in 0..<j { sum -= lower[i][k] * lower[j][k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    lower[i][i] = sum.squareRoot()
                } else {
                    lower[i][j] = sum / lower[j][j]
                }
            }
        }
        self.lower = lower
    }

    func solve(_ b: [Double]) -> [Double] {
        let n = lower.count
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= lower[i][k] * y[k] }
            y[i] /= lower[i][i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= lower[k][i] * y[k] }
            y[i] /= lower[i][i]
        }
        return y
    }

    func inverse() -> [[Double]] {
        let n = lower.count
        var columns: [[Double]] = []
        for j in 0..<n {
            var unit = Array(repeating: 0.0, count: n)
            unit[j] = 1
            columns.append(solve(unit))
        }
        // Symmetric, so the columns are the rows.
        return columns
    }
}
