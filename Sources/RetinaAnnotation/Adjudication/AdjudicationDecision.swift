/// An adjudicator's ruling on one field of one photograph; a nil value rules the field
/// absent (no ridge, fovea not visible).
public struct AdjudicationDecision: Sendable, Hashable, Codable {
    public let photograph: PhotographID
    public let field: String
    public let value: LabelValue?
    public let adjudicator: AnnotatorID

    public init(photograph: PhotographID, field: String, value: LabelValue?, adjudicator: AnnotatorID) {
        self.photograph = photograph
        self.field = field
        self.value = value
        self.adjudicator = adjudicator
    }
}
