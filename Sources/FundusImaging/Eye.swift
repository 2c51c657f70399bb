/// Which eye a photograph shows.
public enum Eye: String, Sendable, CaseIterable, Codable {
    case left, right

    /// A horizontal flip of a fundus photograph shows the other eye.
    public var mirrored: Eye { self == .left ? .right : .left }
}
