import GRDB
import RetinaAnnotation

/// An account of the labelling platform: a name, a bcrypt hash of its password
/// (never the password), and its role.
public struct UserAccount: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user_account"

    public var username: String
    public var passwordHash: String
    public var role: AnnotationRole
    public var createdAtMs: Int64

    public init(username: String, passwordHash: String, role: AnnotationRole, createdAtMs: Int64) {
        (self.username, self.passwordHash, self.role, self.createdAtMs) = (username, passwordHash, role, createdAtMs)
    }
}
