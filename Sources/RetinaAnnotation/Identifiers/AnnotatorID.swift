/// A person who labels or adjudicates photographs, as the account store names them.
public struct AnnotatorID: RawRepresentable, Hashable, Comparable, Codable, CodingKeyRepresentable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: AnnotatorID, rhs: AnnotatorID) -> Bool { lhs.rawValue < rhs.rawValue }
}
