/// A LabelMe file that cannot be read into a schema's labels. Descriptions name keys,
/// labels, fields and options, never a note's text or an image's bytes.
public enum LabelMeImportError: Error, Hashable, CustomStringConvertible {
    /// The bytes are not JSON, or not a JSON object.
    case notJSON
    /// A required key is missing (`version`, `shapes`, `imagePath`, `imageHeight`,
    /// `imageWidth`, or a shape's `label`, `points`, `shape_type`).
    case missingKey(String)
    /// A key holds the wrong type or a malformed value (path like `shapes[2].points`).
    case malformedValue(key: String)
    /// `imageWidth` or `imageHeight` not positive.
    case badImageSize(width: Int, height: Int)
    /// A shape label or flag that names no field of the schema.
    case unknownLabel(String)
    /// A flag for a categorical field that names no option of it.
    case optionNotInSchema(field: String, option: String)
    /// More than one flag of a categorical field set true.
    case conflictingOptions(field: String, options: [String])
    /// A shape type that does not draw the field's kind (a `point` for the disc box, a
    /// shape for a categorical field, or a shape type LabelMe names that ropscreen does not read).
    case wrongShapeType(label: String, shapeType: String, fieldKind: String)
    /// Points that do not make the shape: not two numbers each, not finite, or too few or
    /// too many for the shape type.
    case badPoints(label: String)
    /// Two shapes, or a shape and the `ropscreen` object, for one field.
    case duplicateLabel(String)
    /// A value the schema refuses (for example a point off the image).
    case invalidLabel(LabelValidationError)

    public var description: String {
        switch self {
        case .notJSON: "the file is not a JSON object"
        case .missingKey(let key): "the LabelMe file has no \(key)"
        case .malformedValue(let key): "\(key) is malformed"
        case .badImageSize(let width, let height): "image size \(width)×\(height) is not positive"
        case .unknownLabel(let label): "label \(label) names no field of the schema"
        case .optionNotInSchema(let field, let option): "field \(field) has no option \(option)"
        case .conflictingOptions(let field, let options):
            "field \(field) has more than one option set: \(options.joined(separator: ", "))"
        case .wrongShapeType(let label, let shapeType, let fieldKind):
            "label \(label): a \(shapeType) shape cannot hold a \(fieldKind) label"
        case .badPoints(let label): "label \(label): the points do not make the shape"
        case .duplicateLabel(let label): "label \(label) appears more than once"
        case .invalidLabel(let error): error.description
        }
    }
}
