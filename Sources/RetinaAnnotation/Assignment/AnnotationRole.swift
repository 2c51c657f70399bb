/// What an account may do in a labelling project.
public enum AnnotationRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Labels the photographs assigned to them, blind to the others' labels.
    case annotator
    /// Resolves disagreements, seeing every label.
    case adjudicator
    /// Manages projects, accounts and exports.
    case admin
}
