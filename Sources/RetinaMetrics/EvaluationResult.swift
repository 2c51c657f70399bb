/// What an evaluation of one manifest split produced.
public struct EvaluationResult: Sendable {
    /// Rows evaluated.
    public let n: Int
    public let metrics: [String: Double]
    /// Rows of the split without the label the task needs.
    public let skipped: Int
    /// What a card should say beside the metrics (a trade-off table, say).
    public var notes: [String] = []

    public init(n: Int, metrics: [String: Double], skipped: Int, notes: [String] = []) {
        self.n = n
        self.metrics = metrics
        self.skipped = skipped
        self.notes = notes
    }
}
