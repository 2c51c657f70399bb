import GRDB
import RetinaAnnotation

/// One annotator's labels of one photograph, with the draft fields they accepted unchanged.
public struct StoredAnnotation: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stored_annotation"

    public var photographID: String
    public var username: String
    public var labels: [String: LabelValue]
    /// Draft fields whose value the annotator kept as the models proposed it.
    public var acceptedDraftFields: [String]
    public var updatedAtMs: Int64

    public init(photographID: String, username: String, labels: [String: LabelValue], acceptedDraftFields: [String], updatedAtMs: Int64) {
        (self.photographID, self.username, self.labels) = (photographID, username, labels)
        (self.acceptedDraftFields, self.updatedAtMs) = (acceptedDraftFields, updatedAtMs)
    }

    public var annotation: Annotation {
        Annotation(photograph: PhotographID(photographID), annotator: AnnotatorID(username), labels: labels)
    }
}

/// The adjudicated reference of one photograph: the exported truth, with its provenance.
public struct StoredReference: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stored_reference"

    public var photographID: String
    public var reference: ReferenceLabel
    public var updatedAtMs: Int64

    public init(photographID: String, reference: ReferenceLabel, updatedAtMs: Int64) {
        (self.photographID, self.reference, self.updatedAtMs) = (photographID, reference, updatedAtMs)
    }
}

/// One pairwise severity judgement: which of two photographs shows the more severe disease.
public struct StoredComparison: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stored_comparison"

    public var id: Int64?
    public var projectID: String
    public var winnerID: String
    public var loserID: String
    public var username: String
    public var atMs: Int64

    public init(projectID: String, winnerID: String, loserID: String, username: String, atMs: Int64) {
        (self.id, self.projectID, self.winnerID, self.loserID, self.username, self.atMs) = (nil, projectID, winnerID, loserID, username, atMs)
    }
}
