/// Multi-class counts: rows are the true class, columns the predicted one.
public struct ConfusionMatrix: Sendable, Equatable {
    public let labels: [String]
    public private(set) var counts: [[Int]]

    public init(labels: [String]) {
        self.labels = labels
        counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    public mutating func update(truth: Int, predicted: Int) { counts[truth][predicted] += 1 }
    public mutating func reset() { self = ConfusionMatrix(labels: labels) }

    public var total: Int { counts.joined().reduce(0, +) }
    public var accuracy: Double { BinaryMetrics.ratio(labels.indices.reduce(0) { $0 + counts[$1][$1] }, total) }

    public func recall(_ c: Int) -> Double { BinaryMetrics.ratio(counts[c][c], counts[c].reduce(0, +)) }
    public func precision(_ c: Int) -> Double { BinaryMetrics.ratio(counts[c][c], labels.indices.reduce(0) { $0 + counts[$1][c] }) }

    /// `accuracy`, `recall_<label>` and `precision_<label>` for every class.
    public func aggregate() -> [String: Double] {
        var out = ["accuracy": accuracy]
        for (c, label) in labels.enumerated() {
            out["recall_\(label)"] = recall(c)
            out["precision_\(label)"] = precision(c)
        }
        return out
    }
}
