/// Labels that cannot be exported. Descriptions name the photograph and the field, never
/// the text of a note.
public enum LabelExportError: Error, Hashable, CustomStringConvertible {
    /// A label the schema does not accept (unknown field, option, kind, or off the image).
    case invalidLabel(photograph: PhotographID, LabelValidationError)
    /// Two photographs of one export share an image path.
    case duplicateImagePath(String)
    /// An image path that is empty.
    case emptyImagePath(photograph: PhotographID)
    /// A categorical field whose name holds `=`, so its LabelMe flag `field=option` could not
    /// be read back unambiguously.
    case fieldNameNotExportable(String)
    /// The JSON encoder refused the document (it should not, once the labels are valid).
    case encodingFailed(String)

    public var description: String {
        switch self {
        case .invalidLabel(let photograph, let error): "photograph \(photograph): \(error)"
        case .duplicateImagePath(let path): "image path \(path) appears twice in the export"
        case .emptyImagePath(let photograph): "photograph \(photograph) has an empty image path"
        case .fieldNameNotExportable(let name): "field \(name): a name with \"=\" cannot be a LabelMe flag"
        case .encodingFailed(let reason): "the document could not be encoded: \(reason)"
        }
    }
}
