import Foundation

/// A binary logistic regression on standardised features, trained by full-batch gradient
/// descent with an L2 penalty and per-class weights (each class contributes half the loss,
/// so a large reference sample does not swamp a small window). Small and deterministic:
/// enough to tell whether two sets of embeddings can be told apart.
public struct LogisticRegression: Sendable, Hashable, Codable {
    public struct Configuration: Sendable, Hashable, Codable {
        public var epochs: Int
        public var learningRate: Double
        /// Weight of ½‖w‖² in the loss.
        public var l2Penalty: Double

        public init(epochs: Int = 200, learningRate: Double = 0.5, l2Penalty: Double = 1e-3) {
            self.epochs = epochs
            self.learningRate = learningRate
            self.l2Penalty = l2Penalty
        }
    }

    public private(set) var weights: [Double]
    public private(set) var bias: Double
    /// Per-feature mean and standard deviation of the training data (1 for constant features).
    public private(set) var means: [Double]
    public private(set) var scales: [Double]

    public init(features: [[Double]], labels: [Bool], configuration: Configuration = Configuration()) throws(MonitoringError) {
        guard features.count == labels.count else { throw .dimensionMismatch(expected: features.count, got: labels.count) }
        guard configuration.epochs > 0, configuration.learningRate > 0, configuration.l2Penalty >= 0 else {
            throw .invalidParameter("logistic regression configuration")
        }
        let positives = labels.filter { $0 }.count
        guard positives > 0, positives < labels.count else { throw .singleClass("logistic regression") }
        let dimension = features[0].count
        for row in features {
            guard row.count == dimension else { throw .dimensionMismatch(expected: dimension, got: row.count) }
            guard row.allSatisfy(\.isFinite) else { throw .nonFiniteValue("logistic regression") }
        }
        let count = Double(features.count)
        var means = [Double](repeating: 0, count: dimension)
        for row in features { for d in 0..<dimension { means[d] += row[d] / count } }
        var scales = [Double](repeating: 0, count: dimension)
        for row in features { for d in 0..<dimension { scales[d] += (row[d] - means[d]) * (row[d] - means[d]) / count } }
        scales = scales.map { $0 > 0 ? $0.squareRoot() : 1 }
        let standardised = features.map { row in (0..<dimension).map { (row[$0] - means[$0]) / scales[$0] } }
        let positiveWeight = 0.5 / Double(positives)
        let negativeWeight = 0.5 / Double(labels.count - positives)

        var weights = [Double](repeating: 0, count: dimension)
        var bias = 0.0
        for _ in 0..<configuration.epochs {
            var gradient = weights.map { configuration.l2Penalty * $0 }
            var biasGradient = 0.0
            for (row, label) in zip(standardised, labels) {
                var z = bias
                for d in 0..<dimension { z += weights[d] * row[d] }
                let residual = (Self.sigmoid(z) - (label ? 1 : 0)) * (label ? positiveWeight : negativeWeight)
                for d in 0..<dimension { gradient[d] += residual * row[d] }
                biasGradient += residual
            }
            for d in 0..<dimension { weights[d] -= configuration.learningRate * gradient[d] }
            bias -= configuration.learningRate * biasGradient
        }
        self.weights = weights
        self.bias = bias
        self.means = means
        self.scales = scales
    }

    /// P(label is true | features); the vector must have the training dimension.
    public func probability(_ features: [Double]) throws(MonitoringError) -> Double {
        guard features.count == weights.count else { throw .dimensionMismatch(expected: weights.count, got: features.count) }
        var z = bias
        for d in 0..<weights.count { z += weights[d] * (features[d] - means[d]) / scales[d] }
        return Self.sigmoid(z)
    }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }
}
