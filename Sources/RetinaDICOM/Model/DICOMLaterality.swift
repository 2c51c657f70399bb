/// Which eye an image shows, from Laterality (0020,0060) or Image Laterality (0020,0062).
public enum DICOMLaterality: String, Sendable, Codable, Equatable {
    case left
    case right
    /// Absent, empty, "B" (both) or "U" (unpaired): no single eye.
    case unknown

    /// Maps the DICOM code string: "L" → left, "R" → right, anything else → unknown.
    public init(code: String?) {
        switch code?.uppercased() {
        case "L": self = .left
        case "R": self = .right
        default: self = .unknown
        }
    }

    /// The DICOM code string, "L" or "R"; nil for unknown.
    public var code: String? {
        switch self {
        case .left: "L"
        case .right: "R"
        case .unknown: nil
        }
    }
}
