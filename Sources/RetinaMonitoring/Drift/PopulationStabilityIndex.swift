import Foundation

/// The population stability index of current bin proportions cᵢ against reference ones rᵢ:
/// PSI = Σ (cᵢ − rᵢ) · ln(cᵢ / rᵢ). Below 0.1 is usually read as stable, above 0.25 as a
/// large shift.
public struct PopulationStabilityIndex: Sendable, Hashable, Codable {
    /// Replaces an empty bin's proportion (on either side) before the logarithm, as
    /// Evidently does: without it one empty bin makes the index infinite. Proportions are
    /// not renormalised afterwards; the effect is at most a few ε per bin.
    public static let defaultEpsilon = 1e-4

    public let value: Double

    public init(referenceProportions: [Double], currentProportions: [Double], epsilon: Double = defaultEpsilon) throws(MonitoringError) {
        guard referenceProportions.count == currentProportions.count else {
            throw .dimensionMismatch(expected: referenceProportions.count, got: currentProportions.count)
        }
        guard epsilon > 0 else { throw .invalidParameter("epsilon") }
        guard (referenceProportions + currentProportions).allSatisfy(\.isFinite) else { throw .nonFiniteValue("PSI") }
        var sum = 0.0
        for (reference, current) in zip(referenceProportions, currentProportions) {
            let r = reference > 0 ? reference : epsilon
            let c = current > 0 ? current : epsilon
            sum += (c - r) * log(c / r)
        }
        value = sum
    }

    /// Current values binned on the reference's quantile bins.
    public init(current values: [Double], reference: NumericReference, epsilon: Double = defaultEpsilon) throws(MonitoringError) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { throw .tooFewValues("PSI", needed: 1, got: 0) }
        try self.init(referenceProportions: reference.binProportions, currentProportions: reference.proportions(of: finite), epsilon: epsilon)
    }
}
