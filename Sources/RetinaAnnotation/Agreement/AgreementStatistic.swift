/// One agreement figure for one label field, between two annotators, an annotator and the
/// reference, or across a project.
public struct AgreementStatistic: Sendable, Hashable, Codable {
    public enum Measure: String, Sendable, Hashable, Codable {
        case cohenKappa, fleissKappa
        /// Mean Euclidean distance in pixels (lower is better).
        case meanPointDistance
        /// Mean Dice of boxes, masks or rasterised polylines.
        case meanDice
    }

    public let measure: Measure
    /// nil where the statistic is undefined (κ when chance agreement is certain).
    public let value: Double?
    /// For ordinal fields only.
    public let linearWeightedKappa: Double?
    public let quadraticWeightedKappa: Double?
    /// Items (photographs, or photograph–pair instances for pooled distances and Dice) compared.
    public let itemCount: Int

    public init(measure: Measure, value: Double?, linearWeightedKappa: Double? = nil,
                quadraticWeightedKappa: Double? = nil, itemCount: Int) {
        self.measure = measure
        self.value = value
        self.linearWeightedKappa = linearWeightedKappa
        self.quadraticWeightedKappa = quadraticWeightedKappa
        self.itemCount = itemCount
    }
}
