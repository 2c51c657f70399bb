/// Annotations or decisions from which no reference label can be built.
public enum AdjudicationError: Error, Hashable, CustomStringConvertible {
    case noAnnotations
    /// Annotations of one photograph were expected.
    case mixedPhotographs
    case duplicateAnnotator(AnnotatorID)
    /// The annotators disagree on the field and no decision settles it.
    case unresolved(field: String)
    case decisionForOtherPhotograph(PhotographID)
    case duplicateDecision(field: String)
    case invalidDecision(LabelValidationError)

    public var description: String {
        switch self {
        case .noAnnotations: "no annotations to adjudicate"
        case .mixedPhotographs: "annotations of different photographs"
        case .duplicateAnnotator(let annotator): "two annotations by \(annotator)"
        case .unresolved(let field): "field \(field) is disputed and not yet adjudicated"
        case .decisionForOtherPhotograph(let photograph): "a decision for photograph \(photograph)"
        case .duplicateDecision(let field): "two decisions for field \(field)"
        case .invalidDecision(let error): "decision rejected: \(error)"
        }
    }
}
