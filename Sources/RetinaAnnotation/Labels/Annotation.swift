/// One annotator's labels for one photograph, by field name. A field left out was not
/// labelled (for a drawing: the structure was not visible).
public struct Annotation: Sendable, Hashable, Codable {
    public let photograph: PhotographID
    public let annotator: AnnotatorID
    public var labels: [String: LabelValue]

    public init(photograph: PhotographID, annotator: AnnotatorID, labels: [String: LabelValue] = [:]) {
        self.photograph = photograph
        self.annotator = annotator
        self.labels = labels
    }

    public subscript(field: String) -> LabelValue? {
        get { labels[field] }
        set { labels[field] = newValue }
    }
}
