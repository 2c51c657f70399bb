/// Feature vectors as the rows of one dense matrix (row-major), the input of the
/// distribution distances: FID, KID, k-NN precision and recall, nearest neighbours.
public struct FeatureMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) throws(DistributionDistanceError) {
        guard rows >= 0, columns >= 1, values.count == rows * columns else {
            throw DistributionDistanceError("a \(rows)×\(columns) feature matrix needs \(rows * columns) values, got \(values.count)")
        }
        (self.rows, self.columns, self.values) = (rows, columns, values)
    }

    /// One row per vector; every vector must have the same length.
    public init(_ vectors: [[Double]]) throws(DistributionDistanceError) {
        guard let first = vectors.first, !first.isEmpty, vectors.allSatisfy({ $0.count == first.count }) else {
            throw DistributionDistanceError("feature vectors must be non-empty and of one length")
        }
        try self.init(rows: vectors.count, columns: first.count, values: vectors.flatMap { $0 })
    }

    public func row(_ i: Int) -> ArraySlice<Double> { values[i * columns ..< (i + 1) * columns] }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> FeatureMatrix {
        var picked: [Double] = []
        picked.reserveCapacity(indices.count * columns)
        for i in indices { picked.append(contentsOf: row(i)) }
        return FeatureMatrix(unchecked: indices.count, columns, picked)
    }

    init(unchecked rows: Int, _ columns: Int, _ values: [Double]) { (self.rows, self.columns, self.values) = (rows, columns, values) }

    /// Column means.
    public var mean: [Double] {
        var sums = [Double](repeating: 0, count: columns)
        values.withUnsafeBufferPointer { v in
            for i in 0 ..< rows { for j in 0 ..< columns { sums[j] += v[i * columns + j] } }
        }
        return sums.map { $0 / Double(max(rows, 1)) }
    }

    /// (self)(other)ᵀ: the inner products of every row of self with every row of other, row-major (rows × other.rows).
    public func innerProducts(_ other: FeatureMatrix) -> [Double] {
        precondition(columns == other.columns)
        var out = [Double](repeating: 0, count: rows * other.rows)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0 ..< rows {
                        for j in 0 ..< other.rows {
                            var s = 0.0
                            for k in 0 ..< columns { s += a[i * columns + k] * b[j * columns + k] }
                            o[i * other.rows + j] = s
                        }
                    }
                }
            }
        }
        return out
    }

    /// Euclidean distances from every row of self to every row of other, row-major (rows × other.rows).
    public func distances(to other: FeatureMatrix) -> [Double] {
        let products = innerProducts(other)
        let selfNorms = squaredNorms, otherNorms = other.squaredNorms
        var out = products
        for i in 0 ..< rows {
            for j in 0 ..< other.rows {
                out[i * other.rows + j] = max(selfNorms[i] + otherNorms[j] - 2 * products[i * other.rows + j], 0).squareRoot()
            }
        }
        return out
    }

    var squaredNorms: [Double] {
        (0 ..< rows).map { i in row(i).reduce(0) { $0 + $1 * $1 } }
    }
}

/// Features that the distances cannot be computed on, with the reason.
public struct DistributionDistanceError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
