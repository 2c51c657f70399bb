/// What an evaluation of one manifest split produced.
public struct EvaluationResult: Sendable {
    /// Rows evaluated.
    public let n: Int
    public let metrics: [String: Double]
    /// Rows of the split without the label the task needs.
    public let skipped: Int
}
