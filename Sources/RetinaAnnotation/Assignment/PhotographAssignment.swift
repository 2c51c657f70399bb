/// The annotators a photograph is assigned to, sorted.
public struct PhotographAssignment: Sendable, Hashable, Codable {
    public let photograph: PhotographID
    public let annotators: [AnnotatorID]

    public init(photograph: PhotographID, annotators: [AnnotatorID]) {
        self.photograph = photograph
        self.annotators = annotators
    }
}
