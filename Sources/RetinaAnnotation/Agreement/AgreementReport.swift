/// Agreement per label field of a project: between every pair of annotators, of each
/// annotator with the adjudicated reference, and over the whole project.
///
/// Categorical fields get Cohen's κ for pairs and against the reference, plus linearly and
/// quadratically weighted κ when ordinal. Project-wide they get Cohen's κ when exactly two
/// annotators labelled the field, else Fleiss' κ over all photographs, with the weighted κs
/// as the mean of the defined pairwise values. Points get the mean distance, boxes, masks
/// and polylines the mean Dice, pooled over every pair of annotators on every photograph for
/// the project figure. Only photographs both sides labelled are compared; notes are not.
public struct AgreementReport: Sendable, Hashable, Codable {
    public struct Pair: Sendable, Hashable, Codable {
        public let first: AnnotatorID
        public let second: AnnotatorID
        public let statistic: AgreementStatistic
    }

    public struct AgainstReference: Sendable, Hashable, Codable {
        public let annotator: AnnotatorID
        public let statistic: AgreementStatistic
    }

    public struct Field: Sendable, Hashable, Codable {
        public let name: String
        /// Pairs with at least one photograph in common, in annotator order.
        public let pairs: [Pair]
        public let againstReference: [AgainstReference]
        /// nil with fewer than two annotators on the field.
        public let project: AgreementStatistic?
    }

    /// In schema order, notes left out.
    public let fields: [Field]

    /// - Parameters:
    ///   - annotations: the blind annotations; a second one by the same annotator of the
    ///     same photograph replaces the first.
    ///   - references: adjudicated labels, where there are any yet.
    ///   - polylineThickness: stroke width in pixels for the Dice of polylines.
    public init(schema: LabelSchema, annotations: [Annotation], references: [ReferenceLabel] = [],
                polylineThickness: Double = 5) {
        var labels: [PhotographID: [AnnotatorID: [String: LabelValue]]] = [:]
        for annotation in annotations { labels[annotation.photograph, default: [:]][annotation.annotator] = annotation.labels }
        let reference = Dictionary(references.map { ($0.photograph, $0.labels) }, uniquingKeysWith: { $1 })
        let photographs = labels.keys.sorted()
        let annotators = Set(annotations.map(\.annotator)).sorted()
        let measure = FieldMeasure(polylineThickness: polylineThickness)

        fields = schema.fields.filter { $0.kind != .note }.map { field in
            func paired(_ left: (PhotographID) -> LabelValue?, _ right: (PhotographID) -> LabelValue?) -> [(LabelValue, LabelValue)] {
                photographs.compactMap { photograph in
                    guard let a = left(photograph), let b = right(photograph) else { return nil }
                    return (a, b)
                }
            }
            func value(_ annotator: AnnotatorID) -> (PhotographID) -> LabelValue? { { labels[$0]?[annotator]?[field.name] } }

            var pairs: [Pair] = []
            for (i, first) in annotators.enumerated() {
                for second in annotators[(i + 1)...] {
                    if let statistic = measure.statistic(field.kind, paired(value(first), value(second))) {
                        pairs.append(Pair(first: first, second: second, statistic: statistic))
                    }
                }
            }
            let againstReference = annotators.compactMap { annotator in
                measure.statistic(field.kind, paired(value(annotator), { reference[$0]?[field.name] }))
                    .map { AgainstReference(annotator: annotator, statistic: $0) }
            }
            let ratings = photographs.map { photograph in
                annotators.compactMap { labels[photograph]?[$0]?[field.name] }
            }
            let raters = annotators.filter { annotator in photographs.contains { labels[$0]?[annotator]?[field.name] != nil } }
            return Field(name: field.name, pairs: pairs, againstReference: againstReference,
                         project: measure.project(field.kind, ratings: ratings, raterCount: raters.count, pairs: pairs))
        }
    }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

/// The statistic each field kind is measured with.
private struct FieldMeasure {
    let polylineThickness: Double

    func statistic(_ kind: LabelFieldKind, _ values: [(LabelValue, LabelValue)]) -> AgreementStatistic? {
        switch kind {
        case .categorical(let options):
            let known = values.compactMap { a, b -> (String, String)? in
                guard let a = a.option, let b = b.option, options.index(of: a) != nil, options.index(of: b) != nil else { return nil }
                return (a, b)
            }
            guard let cohen = try? CohenKappa(known.map(\.0), known.map(\.1)) else { return nil }
            func weighted(_ weighting: WeightedKappa.Weighting) -> Double? {
                guard options.isOrdinal else { return nil }
                return (try? WeightedKappa(known.map(\.0), known.map(\.1), categories: options.values, weighting: weighting))?.value
            }
            return AgreementStatistic(measure: .cohenKappa, value: cohen.value, linearWeightedKappa: weighted(.linear),
                                      quadraticWeightedKappa: weighted(.quadratic), itemCount: cohen.itemCount)
        case .point:
            let points = values.compactMap { a, b in a.point.flatMap { a in b.point.map { (a, $0) } } }
            guard let distance = try? MeanPointDistance(points.map(\.0), points.map(\.1)) else { return nil }
            return AgreementStatistic(measure: .meanPointDistance, value: distance.value, itemCount: distance.itemCount)
        case .box, .polyline, .brushMask:
            let scores = values.compactMap { dice($0, $1) }
            guard !scores.isEmpty else { return nil }
            return AgreementStatistic(measure: .meanDice, value: scores.reduce(0, +) / Double(scores.count), itemCount: scores.count)
        case .note:
            return nil
        }
    }

    func project(_ kind: LabelFieldKind, ratings: [[LabelValue]], raterCount: Int, pairs: [AgreementReport.Pair]) -> AgreementStatistic? {
        guard raterCount >= 2 else { return nil }
        if case .categorical(let options) = kind {
            if raterCount == 2 { return pairs.first?.statistic }
            let known = ratings.map { $0.compactMap(\.option).filter { options.index(of: $0) != nil } }
            guard let fleiss = try? FleissKappa(ratings: known) else { return nil }
            func meanOfPairs(_ value: (AgreementStatistic) -> Double?) -> Double? {
                let defined = pairs.compactMap { value($0.statistic) }
                return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
            }
            return AgreementStatistic(measure: .fleissKappa, value: fleiss.value,
                                      linearWeightedKappa: options.isOrdinal ? meanOfPairs(\.linearWeightedKappa) : nil,
                                      quadraticWeightedKappa: options.isOrdinal ? meanOfPairs(\.quadraticWeightedKappa) : nil,
                                      itemCount: fleiss.itemCount)
        }
        let allPairs = ratings.flatMap { values in
            values.indices.flatMap { i in values[(i + 1)...].map { (values[i], $0) } }
        }
        return statistic(kind, allPairs)
    }

    private func dice(_ a: LabelValue, _ b: LabelValue) -> Double? {
        switch (a, b) {
        case (.box(let a), .box(let b)): DiceCoefficient.between(a, b)
        case (.mask(let a), .mask(let b)): try? DiceCoefficient.between(a, b)
        case (.polyline(let a), .polyline(let b)): DiceCoefficient.between(polyline: a, b, thickness: polylineThickness)
        default: nil
        }
    }
}
