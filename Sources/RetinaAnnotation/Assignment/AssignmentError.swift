/// An assignment that cannot be made.
public enum AssignmentError: Error, Hashable, CustomStringConvertible {
    case invalidAnnotatorsPerPhotograph(Int)
    /// Fewer eligible annotators than a photograph needs.
    case poolTooSmall(photograph: PhotographID, needed: Int, available: Int)
    case duplicateAnnotator(AnnotatorID)
    case duplicatePhotograph(PhotographID)

    public var description: String {
        switch self {
        case .invalidAnnotatorsPerPhotograph(let count): "\(count) annotators per photograph; at least 1 is needed"
        case .poolTooSmall(let photograph, let needed, let available):
            "photograph \(photograph) needs \(needed) more annotators, \(available) are eligible"
        case .duplicateAnnotator(let annotator): "annotator \(annotator) is in the pool twice"
        case .duplicatePhotograph(let photograph): "photograph \(photograph) is listed twice"
        }
    }
}
