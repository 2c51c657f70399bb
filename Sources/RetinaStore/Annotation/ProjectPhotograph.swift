import GRDB
import RetinaAnnotation

/// A photograph of a project: its image (in the image store by hash), where it came
/// from, the columns of its source manifest row that labels do not replace, and the
/// models' draft labels that the annotator confirms or corrects.
public struct ProjectPhotograph: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "project_photograph"

    public var id: String
    public var projectID: String
    /// The position in the project (import order), so every annotator's queue runs the same way.
    public var position: Int
    public var imagePath: String
    public var imageSHA256: String
    public var width: Int
    public var height: Int
    public var split: String?
    public var sourceColumns: [String: String]
    public var draft: [String: LabelValue]
    /// The models' maps shown as layers under the doctor's labels (`vessels`, `ridge`): name → PNG's hash in the image store.
    public var layers: [String: String]
    /// What the models found that is not a label of the schema, shown beside it (e.g. `rop` → "ROP, p = 0.93").
    public var hints: [String: String]

    public init(id: String, projectID: String, position: Int, imagePath: String, imageSHA256: String, width: Int, height: Int,
                split: String?, sourceColumns: [String: String] = [:], draft: [String: LabelValue] = [:],
                layers: [String: String] = [:], hints: [String: String] = [:]) {
        (self.id, self.projectID, self.position, self.imagePath, self.imageSHA256) = (id, projectID, position, imagePath, imageSHA256)
        (self.width, self.height, self.split, self.sourceColumns, self.draft) = (width, height, split, sourceColumns, draft)
        (self.layers, self.hints) = (layers, hints)
    }
}

/// A photograph given to an annotator (blind: they see only their own labels).
public struct PhotographAssignmentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "photograph_assignment"

    public var photographID: String
    public var username: String

    public init(photographID: String, username: String) { (self.photographID, self.username) = (photographID, username) }
}
