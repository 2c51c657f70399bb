import GRDB

/// A signed-in browser: the SHA-256 of its cookie token (the token itself is
/// only ever in the cookie), the CSRF token its pages send back, and when it was
/// last used (sessions expire after a configured idle time).
public struct UserSession: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user_session"

    public var tokenHash: String
    public var username: String
    public var csrfToken: String
    public var createdAtMs: Int64
    public var lastSeenAtMs: Int64

    public init(tokenHash: String, username: String, csrfToken: String, createdAtMs: Int64, lastSeenAtMs: Int64) {
        (self.tokenHash, self.username, self.csrfToken) = (tokenHash, username, csrfToken)
        (self.createdAtMs, self.lastSeenAtMs) = (createdAtMs, lastSeenAtMs)
    }
}
