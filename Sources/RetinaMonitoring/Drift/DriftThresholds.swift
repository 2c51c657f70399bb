import Foundation

/// When each drift statistic counts as drift. The defaults are issue 16's.
public struct DriftThresholds: Sendable, Hashable, Codable {
    /// Drift when the population stability index exceeds this.
    public var populationStabilityIndex: Double
    /// Drift when the Kolmogorov–Smirnov p-value is below this.
    public var kolmogorovSmirnovPValue: Double
    /// Drift when the Jensen–Shannon distance (base 2) exceeds this.
    public var jensenShannonDistance: Double
    /// Drift when the domain classifier's cross-validated ROC AUC exceeds this.
    public var domainClassifierAUC: Double
    /// Drift when the MMD permutation p-value is below this.
    public var maximumMeanDiscrepancyPValue: Double

    public init(
        populationStabilityIndex: Double = 0.1, kolmogorovSmirnovPValue: Double = 0.05, jensenShannonDistance: Double = 0.1,
        domainClassifierAUC: Double = 0.55, maximumMeanDiscrepancyPValue: Double = 0.05
    ) {
        self.populationStabilityIndex = populationStabilityIndex
        self.kolmogorovSmirnovPValue = kolmogorovSmirnovPValue
        self.jensenShannonDistance = jensenShannonDistance
        self.domainClassifierAUC = domainClassifierAUC
        self.maximumMeanDiscrepancyPValue = maximumMeanDiscrepancyPValue
    }
}
