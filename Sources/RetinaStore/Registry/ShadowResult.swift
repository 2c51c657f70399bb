import GRDB

/// A candidate's finding on a live photograph, made off the request path beside the
/// production finding the report gave: what shadow agreement is counted from.
public struct ShadowResult: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "shadow_result"

    public var analysisID: String
    public var candidateID: String
    public var task: String
    /// The production version behind the report (nil: the bundled model).
    public var productionVersion: String
    public var productionPositive: Bool
    public var candidatePositive: Bool
    public var productionProbability: Double
    public var candidateProbability: Double
    /// The candidate's own time for the photograph.
    public var candidateMs: Double
    public var atMs: Int64

    public init(analysisID: String, candidateID: String, task: String, productionVersion: String, productionPositive: Bool, candidatePositive: Bool,
                productionProbability: Double, candidateProbability: Double, candidateMs: Double, atMs: Int64) {
        (self.analysisID, self.candidateID, self.task, self.productionVersion) = (analysisID, candidateID, task, productionVersion)
        (self.productionPositive, self.candidatePositive) = (productionPositive, candidatePositive)
        (self.productionProbability, self.candidateProbability, self.candidateMs, self.atMs) = (productionProbability, candidateProbability, candidateMs, atMs)
    }

    public var agrees: Bool { productionPositive == candidatePositive }
}
