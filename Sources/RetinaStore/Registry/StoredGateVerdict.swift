import GRDB

/// What the promotion gate said about a candidate against the production model of its
/// task at that time: admitted or not, every reason, and the figures it measured.
public struct StoredGateVerdict: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "gate_verdict"

    public var id: String
    public var task: String
    public var candidateID: String
    /// The production version it was compared with; nil when the task had none.
    public var productionID: String?
    public var admitted: Bool
    public var reasons: [String]
    /// Name → value, e.g. `candidate.sensitivity`, `difference.sensitivity.ciLow`.
    public var figures: [String: Double]
    public var actor: String
    public var atMs: Int64

    public init(id: String, task: String, candidateID: String, productionID: String?, admitted: Bool, reasons: [String],
                figures: [String: Double], actor: String, atMs: Int64) {
        (self.id, self.task, self.candidateID, self.productionID, self.admitted) = (id, task, candidateID, productionID, admitted)
        (self.reasons, self.figures, self.actor, self.atMs) = (reasons, figures, actor, atMs)
    }
}
