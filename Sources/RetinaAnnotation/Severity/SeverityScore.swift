/// A photograph's Bradley–Terry severity on the log-odds scale, centred so that the
/// photographs of a fit average zero: a difference of 1 means the first is judged more
/// severe with odds e ≈ 2.7 to 1.
public struct SeverityScore: Sendable, Hashable, Codable {
    public let score: Double
    /// Standard error of the centred score, from the inverse Fisher information of the fit
    /// (its ridge prior included).
    public let standardError: Double

    public init(score: Double, standardError: Double) {
        self.score = score
        self.standardError = standardError
    }
}
