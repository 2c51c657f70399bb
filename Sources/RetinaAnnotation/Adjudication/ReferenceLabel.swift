/// The adjudicated label of a photograph: the reference standard and the exported truth.
public struct ReferenceLabel: Sendable, Hashable, Codable {
    public let photograph: PhotographID
    /// Every field someone labelled or an adjudicator ruled on, by name.
    public let fields: [String: ReferenceValue]

    public init(photograph: PhotographID, fields: [String: ReferenceValue]) {
        self.photograph = photograph
        self.fields = fields
    }

    /// The reference values alone, as an annotation's labels are kept (fields ruled absent left out).
    public var labels: [String: LabelValue] { fields.compactMapValues(\.value) }

    /// Whether an adjudicator decided any field.
    public var isAdjudicated: Bool { fields.values.contains { $0.adjudicator != nil } }
}
