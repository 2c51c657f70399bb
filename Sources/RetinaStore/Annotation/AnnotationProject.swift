import Foundation
import GRDB
import RetinaAnnotation

/// A labelling project: its label schema and how many annotators label each photograph.
public struct AnnotationProject: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "annotation_project"

    public var id: String
    public var name: String
    public var schema: LabelSchema
    public var annotatorsPerPhotograph: Int
    public var createdAtMs: Int64

    public init(id: String, name: String, schema: LabelSchema, annotatorsPerPhotograph: Int, createdAtMs: Int64) {
        (self.id, self.name, self.schema) = (id, name, schema)
        (self.annotatorsPerPhotograph, self.createdAtMs) = (annotatorsPerPhotograph, createdAtMs)
    }
}

/// An account that takes part in a project (its role is the account's).
public struct ProjectMember: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "project_member"

    public var projectID: String
    public var username: String

    public init(projectID: String, username: String) { (self.projectID, self.username) = (projectID, username) }
}
