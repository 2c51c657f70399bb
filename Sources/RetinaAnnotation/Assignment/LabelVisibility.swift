/// Who may see which labels of a photograph, so that annotation stays blind.
///
/// Adjudicators and admins see every label. An annotator sees nothing of a photograph not
/// assigned to them; of one that is, their own labels always, and the other annotators'
/// labels and the reference only once the photograph is adjudicated.
public struct LabelVisibility: Sendable, Hashable {
    /// Whose label is asked about.
    public enum Label: Sendable, Hashable {
        case annotation(by: AnnotatorID)
        case reference
    }

    /// The annotators the photograph is assigned to.
    public let assignees: Set<AnnotatorID>
    /// Whether its reference label has been built.
    public let isAdjudicated: Bool

    public init(assignees: Set<AnnotatorID>, isAdjudicated: Bool) {
        self.assignees = assignees
        self.isAdjudicated = isAdjudicated
    }

    public func mayView(_ label: Label, viewer: AnnotatorID, role: AnnotationRole) -> Bool {
        switch role {
        case .adjudicator, .admin:
            return true
        case .annotator:
            guard assignees.contains(viewer) else { return false }
            if case .annotation(by: viewer) = label { return true }
            return isAdjudicated
        }
    }
}
