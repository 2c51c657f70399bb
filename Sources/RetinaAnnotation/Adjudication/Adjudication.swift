/// Reconciling the blind annotations of photographs: finding where they differ, queueing
/// those for an adjudicator, and building the reference label with its provenance.
///
/// Every schema field but notes is compared; notes stay with their annotations and are not
/// part of the reference.
public struct Adjudication: Sendable {
    public let schema: LabelSchema
    public let policy: AdjudicationPolicy

    public init(schema: LabelSchema, policy: AdjudicationPolicy = AdjudicationPolicy()) {
        self.schema = schema
        self.policy = policy
    }

    /// The disputed fields among the annotations of one photograph, in schema order.
    /// - Throws: `AdjudicationError.noAnnotations`, `.mixedPhotographs`, `.duplicateAnnotator`.
    public func disagreements(among annotations: [Annotation]) throws(AdjudicationError) -> [Disagreement] {
        let (photograph, sorted) = try Self.onePhotograph(annotations)
        return comparedFields.compactMap { field in
            disagreement(on: field.name, of: photograph, among: sorted)
        }
    }

    /// One queue item per photograph with a disagreement, in photograph order.
    /// - Throws: `AdjudicationError.duplicateAnnotator` when someone annotated a photograph twice.
    public func queue(_ annotations: [Annotation]) throws(AdjudicationError) -> [AdjudicationQueueItem] {
        let byPhotograph = Dictionary(grouping: annotations, by: \.photograph)
        var items: [AdjudicationQueueItem] = []
        for photograph in byPhotograph.keys.sorted() {
            let group = byPhotograph[photograph] ?? []
            let disputed = try disagreements(among: group)
            if !disputed.isEmpty {
                items.append(AdjudicationQueueItem(photograph: photograph, disagreements: disputed,
                                                   annotations: group.sorted { $0.annotator < $1.annotator }))
            }
        }
        return items
    }

    /// The reference label of one photograph. Agreed fields take the annotators' common
    /// value (see `AdjudicationPolicy`) without an adjudicator; disputed fields need a
    /// decision. A decision on an agreed field overrides it too, crediting and overruling
    /// annotators the same way.
    /// - Throws: `AdjudicationError.unresolved` for a disputed field without a decision, and
    ///   the errors of `disagreements(among:)`; decisions for another photograph, twice for
    ///   one field, or not valid for the schema are refused.
    public func reference(for annotations: [Annotation], decisions: [AdjudicationDecision] = []) throws(AdjudicationError) -> ReferenceLabel {
        let (photograph, sorted) = try Self.onePhotograph(annotations)
        var ruling: [String: AdjudicationDecision] = [:]
        for decision in decisions {
            guard decision.photograph == photograph else { throw .decisionForOtherPhotograph(decision.photograph) }
            guard ruling[decision.field] == nil else { throw .duplicateDecision(field: decision.field) }
            guard schema.field(named: decision.field) != nil else { throw .invalidDecision(.unknownField(decision.field)) }
            if let value = decision.value {
                do { try schema.validate(value, forField: decision.field) } catch { throw .invalidDecision(error) }
            }
            ruling[decision.field] = decision
        }
        var fields: [String: ReferenceValue] = [:]
        for field in comparedFields {
            let annotators = sorted.map(\.annotator)
            if let decision = ruling[field.name] {
                let agreeing = sorted.filter { policy.agree($0.labels[field.name], decision.value) }.map(\.annotator)
                fields[field.name] = ReferenceValue(value: decision.value, agreed: agreeing,
                                                    overruled: annotators.filter { !agreeing.contains($0) },
                                                    adjudicator: decision.adjudicator)
            } else if disagreement(on: field.name, of: photograph, among: sorted) != nil {
                throw .unresolved(field: field.name)
            } else if let common = policy.consensus(of: sorted.compactMap { $0.labels[field.name] }) {
                fields[field.name] = ReferenceValue(value: common, agreed: annotators, overruled: [], adjudicator: nil)
            }
        }
        return ReferenceLabel(photograph: photograph, fields: fields)
    }

    private var comparedFields: [LabelField] { schema.fields.filter { $0.kind != .note } }

    private func disagreement(on field: String, of photograph: PhotographID, among annotations: [Annotation]) -> Disagreement? {
        let values = annotations.compactMap { annotation in annotation.labels[field].map { (annotation.annotator, $0) } }
        guard !values.isEmpty else { return nil }
        let disputed = annotations.indices.contains { i in
            annotations[(i + 1)...].contains { !policy.agree(annotations[i].labels[field], $0.labels[field]) }
        }
        guard disputed else { return nil }
        return Disagreement(photograph: photograph, field: field, values: Dictionary(uniqueKeysWithValues: values),
                            unlabelled: annotations.filter { $0.labels[field] == nil }.map(\.annotator))
    }

    private static func onePhotograph(_ annotations: [Annotation]) throws(AdjudicationError) -> (PhotographID, [Annotation]) {
        guard let photograph = annotations.first?.photograph else { throw .noAnnotations }
        guard annotations.allSatisfy({ $0.photograph == photograph }) else { throw .mixedPhotographs }
        let sorted = annotations.sorted { $0.annotator < $1.annotator }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.annotator == b.annotator { throw .duplicateAnnotator(a.annotator) }
        return (photograph, sorted)
    }
}
