/// What a label field holds.
public enum LabelFieldKind: Sendable, Hashable {
    /// One option out of a list (zone, stage, plus, …).
    case categorical(LabelOptions)
    /// An axis-aligned rectangle in image pixels (optic disc).
    case box
    /// One point in image pixels (fovea).
    case point
    /// An open line through two or more points (demarcation line or ridge).
    case polyline
    /// A painted binary region the size of the image.
    case brushMask
    /// Free text; never compared between annotators.
    case note

    /// The kind's name as it appears in errors and in the schema's JSON.
    public var name: String {
        switch self {
        case .categorical: "categorical"
        case .box: "box"
        case .point: "point"
        case .polyline: "polyline"
        case .brushMask: "brushMask"
        case .note: "note"
        }
    }

    /// The options when the field is categorical.
    public var options: LabelOptions? {
        if case .categorical(let options) = self { options } else { nil }
    }
}
