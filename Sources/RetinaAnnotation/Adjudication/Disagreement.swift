/// One field of one photograph on which the blind annotations differ.
public struct Disagreement: Sendable, Hashable, Codable {
    public let photograph: PhotographID
    public let field: String
    /// The values given, by annotator.
    public let values: [AnnotatorID: LabelValue]
    /// Annotators of the photograph who left the field empty, sorted.
    public let unlabelled: [AnnotatorID]

    public init(photograph: PhotographID, field: String, values: [AnnotatorID: LabelValue], unlabelled: [AnnotatorID]) {
        self.photograph = photograph
        self.field = field
        self.values = values
        self.unlabelled = unlabelled
    }
}
