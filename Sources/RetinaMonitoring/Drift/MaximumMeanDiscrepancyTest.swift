import Foundation

/// The maximum mean discrepancy between two samples of vectors (Gretton et al., JMLR 2012)
/// with a Gaussian (RBF) kernel k(x, y) = exp(−‖x − y‖² / (2σ²)), and a permutation test.
public struct MaximumMeanDiscrepancyTest: Sendable, Hashable, Codable {
    /// The unbiased estimate of MMD²: the mean kernel within each sample (diagonal excluded)
    /// minus twice the mean across samples. It can be slightly negative when there is no drift.
    public let statistic: Double
    /// (1 + #{permutations with MMD² ≥ observed}) / (1 + permutations): never 0, so a
    /// small number of permutations cannot claim more certainty than it has.
    public let pValue: Double
    /// σ of the kernel.
    public let bandwidth: Double
    public let permutations: Int

    /// - Parameters:
    ///   - bandwidth: σ; nil uses the median heuristic, the median Euclidean distance
    ///     between distinct points of the pooled sample (1 when that median is 0).
    ///   - permutations: random relabellings of the pooled sample for the p-value.
    ///   - generator: where the permutations come from.
    public init(
        reference: [[Double]], current: [[Double]], bandwidth: Double? = nil, permutations: Int = 200,
        using generator: inout SplitMix64
    ) throws(MonitoringError) {
        guard reference.count >= 2 else { throw .tooFewValues("MMD reference", needed: 2, got: reference.count) }
        guard current.count >= 2 else { throw .tooFewValues("MMD current", needed: 2, got: current.count) }
        guard permutations >= 1 else { throw .invalidParameter("permutations") }
        if let bandwidth, !(bandwidth > 0 && bandwidth.isFinite) { throw .invalidParameter("bandwidth") }
        let pooled = reference + current
        let dimension = pooled[0].count
        for vector in pooled {
            guard vector.count == dimension else { throw .dimensionMismatch(expected: dimension, got: vector.count) }
            guard vector.allSatisfy(\.isFinite) else { throw .nonFiniteValue("MMD") }
        }
        let size = pooled.count
        var squaredDistances = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in (i + 1)..<size {
                var sum = 0.0
                for d in 0..<dimension {
                    let difference = pooled[i][d] - pooled[j][d]
                    sum += difference * difference
                }
                squaredDistances[i * size + j] = sum
                squaredDistances[j * size + i] = sum
            }
        }
        let sigma = bandwidth ?? Self.medianHeuristic(squaredDistances, size: size)
        let kernel = squaredDistances.map { exp(-$0 / (2 * sigma * sigma)) }
        var isReference = [Bool](repeating: false, count: size)
        for index in 0..<reference.count { isReference[index] = true }
        let observed = Self.unbiasedMMD2(kernel, size: size, isReference: isReference, referenceCount: reference.count)
        // Relabellings that only reorder the same sums can differ from the observed value by
        // rounding; they count as "at least as large".
        let tolerance = 1e-12 * max(1, abs(observed))
        var atLeastAsLarge = 0
        for _ in 0..<permutations {
            isReference.shuffle(using: &generator)
            let permuted = Self.unbiasedMMD2(kernel, size: size, isReference: isReference, referenceCount: reference.count)
            if permuted >= observed - tolerance { atLeastAsLarge += 1 }
        }
        statistic = observed
        pValue = Double(1 + atLeastAsLarge) / Double(1 + permutations)
        self.bandwidth = sigma
        self.permutations = permutations
    }

    static func medianHeuristic(_ squaredDistances: [Double], size: Int) -> Double {
        var distances: [Double] = []
        distances.reserveCapacity(size * (size - 1) / 2)
        for i in 0..<size {
            for j in (i + 1)..<size { distances.append(squaredDistances[i * size + j].squareRoot()) }
        }
        let median = Quantile.median(distances) ?? 0
        return median > 0 ? median : 1
    }

    static func unbiasedMMD2(_ kernel: [Double], size: Int, isReference: [Bool], referenceCount: Int) -> Double {
        var (withinReference, withinCurrent, across) = (0.0, 0.0, 0.0)
        for i in 0..<size {
            for j in (i + 1)..<size {
                let value = kernel[i * size + j]
                switch (isReference[i], isReference[j]) {
                case (true, true): withinReference += value
                case (false, false): withinCurrent += value
                default: across += value
                }
            }
        }
        let m = Double(referenceCount)
        let n = Double(size - referenceCount)
        // Each unordered pair stands for two ordered ones.
        return 2 * withinReference / (m * (m - 1)) + 2 * withinCurrent / (n * (n - 1)) - 2 * across / (m * n)
    }
}
