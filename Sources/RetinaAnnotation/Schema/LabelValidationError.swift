/// A label value the schema does not accept. Descriptions name the field and, for
/// categorical labels, the option, never the text of a note.
public enum LabelValidationError: Error, Hashable, CustomStringConvertible {
    case unknownField(String)
    case optionNotInSchema(field: String, option: String)
    case wrongKind(field: String, expected: String, found: String)
    /// A point, corner or vertex off the image, or not a finite number.
    case outsideImage(field: String)
    case maskSizeMismatch(field: String, expected: ImageSize, found: ImageSize)
    /// A polyline needs two points.
    case tooFewPoints(field: String)

    public var description: String {
        switch self {
        case .unknownField(let field): "no field \(field) in the schema"
        case .optionNotInSchema(let field, let option): "field \(field) has no option \(option)"
        case .wrongKind(let field, let expected, let found): "field \(field) takes a \(expected) label, not a \(found)"
        case .outsideImage(let field): "field \(field): coordinates outside the image"
        case .maskSizeMismatch(let field, let expected, let found):
            "field \(field): mask of \(found.width)×\(found.height) for an image of \(expected.width)×\(expected.height)"
        case .tooFewPoints(let field): "field \(field): a polyline needs at least two points"
        }
    }
}
