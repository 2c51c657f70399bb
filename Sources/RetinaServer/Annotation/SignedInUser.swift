import RetinaAnnotation

/// The account a labelling request comes from, and its session's CSRF token.
public struct SignedInUser: Sendable, Equatable {
    public let username: String
    public let role: AnnotationRole
    let csrfToken: String
    let tokenHash: String

    var annotator: AnnotatorID { AnnotatorID(username) }
}
