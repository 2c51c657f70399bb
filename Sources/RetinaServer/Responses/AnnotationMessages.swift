import Foundation
import RetinaAnnotation
import RetinaData
import RetinaStore

// The JSON bodies of the labelling platform's calls (see openapi.yaml).

struct SignInRequest: Codable { var username: String; var password: String }
struct NewUserRequest: Codable { var username: String; var password: String; var role: AnnotationRole }
struct RoleRequest: Codable { var role: AnnotationRole }
struct NewProjectRequest: Codable {
    var name: String
    var members: [String]
    var annotatorsPerPhotograph: Int
    /// One of: a manifest, a folder of images, a folder of LabelMe files, or an audit ranking, under the server's import root.
    var manifest: String?
    var folder: String?
    var labelme: String?
    var review: String?
    var split: String?
    var limit: Int?
    /// The project's label schema (checked as it decodes); ICROP3 when absent.
    var schema: LabelSchema?

    var source: ProjectSource {
        get throws {
            let given = [manifest, folder, labelme, review].compactMap { $0 }
            guard given.count == 1 else { throw APIError(.invalidParameter, "give exactly one of manifest, folder, labelme and review") }
            if let split, Split(rawValue: split) == nil { throw APIError(.invalidParameter, "unknown split '\(split)'") }
            if let manifest { return .manifest(path: manifest, split: split.flatMap(Split.init)) }
            if let folder { return .folder(path: folder) }
            if let labelme { return .labelMe(path: labelme) }
            return .review(auditCSV: review ?? "")
        }
    }
}
struct LabelsRequest: Codable { var labels: [String: LabelValue] }
/// Field → the adjudicated value; null rules the field absent.
struct DecisionsRequest: Codable { var decisions: [String: LabelValue?] }
struct ComparisonRequest: Codable { var winner: String; var loser: String }

struct SessionResponse: Codable {
    var username: String
    var role: AnnotationRole
    var csrfToken: String
    init(_ user: SignedInUser) { (username, role, csrfToken) = (user.username, user.role, user.csrfToken) }
}

struct UserList: Codable {
    struct Entry: Codable { var username: String; var role: AnnotationRole }
    var users: [Entry]
}

struct ProjectSummary: Codable {
    var id: String
    var name: String
    var annotatorsPerPhotograph: Int
    init(_ project: AnnotationProject) { (id, name, annotatorsPerPhotograph) = (project.id, project.name, project.annotatorsPerPhotograph) }
}

struct ProjectList: Codable { var projects: [ProjectSummary] }

/// A project with its schema and the key sequence of every classification label.
struct ProjectDetail: Codable {
    var id: String
    var name: String
    var annotatorsPerPhotograph: Int
    var schema: LabelSchema
    /// field → option → keys, e.g. stage → 3 → "s3".
    var shortcuts: [String: [String: String]]

    init(_ project: AnnotationProject) {
        (id, name, annotatorsPerPhotograph, schema) = (project.id, project.name, project.annotatorsPerPhotograph, project.schema)
        var shortcuts: [String: [String: String]] = [:]
        for field in project.schema.classificationFields {
            for option in field.kind.options?.values ?? [] {
                shortcuts[field.name, default: [:]][option] = project.schema.keyboardShortcuts.sequence(field: field.name, option: option)
            }
        }
        self.shortcuts = shortcuts
    }
}

struct QueueList: Codable { var photographs: [QueueEntry] }

struct VisibleLabels: Codable {
    struct Entry: Codable { var annotator: String; var labels: [String: LabelValue] }
    var annotations: [Entry]
    var reference: ReferenceLabel?
}

struct AdjudicationList: Codable { var items: [AdjudicationQueueItem] }

struct AgreementResponse: Codable {
    var agreement: AgreementReport
    var draftAcceptance: [String: DraftAcceptance]
}

struct NextPair: Codable { var first: String?; var second: String? }

struct SeverityList: Codable {
    struct Entry: Codable { var photograph: String; var score: Double; var standardError: Double }
    var comparisons: Int
    var photographs: [Entry]
}
