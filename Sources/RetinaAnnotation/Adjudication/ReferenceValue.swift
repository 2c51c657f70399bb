/// One field of the reference label, with where it came from.
public struct ReferenceValue: Sendable, Hashable, Codable {
    /// The reference value; nil when an adjudicator ruled the field absent.
    public let value: LabelValue?
    /// Annotators whose own value agrees with it (by the adjudication policy), sorted.
    public let agreed: [AnnotatorID]
    /// Annotators whose value it replaced, sorted.
    public let overruled: [AnnotatorID]
    /// Who decided it; nil when the annotators all agreed.
    public let adjudicator: AnnotatorID?

    public init(value: LabelValue?, agreed: [AnnotatorID], overruled: [AnnotatorID], adjudicator: AnnotatorID?) {
        self.value = value
        self.agreed = agreed
        self.overruled = overruled
        self.adjudicator = adjudicator
    }
}
