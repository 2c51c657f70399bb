/// A photograph waiting for an adjudicator: the fields in dispute and every annotation,
/// which the adjudicator sees side by side.
public struct AdjudicationQueueItem: Sendable, Hashable, Codable {
    public let photograph: PhotographID
    /// In schema field order.
    public let disagreements: [Disagreement]
    /// Sorted by annotator.
    public let annotations: [Annotation]

    public init(photograph: PhotographID, disagreements: [Disagreement], annotations: [Annotation]) {
        self.photograph = photograph
        self.disagreements = disagreements
        self.annotations = annotations
    }
}
