import Foundation

/// When each drift statistic counts as drift. The defaults are issue 16's.
public struct DriftThresholds: Sendable, Hashable, Codable {
    /// When a numeric feature, tested by both PSI and KS, counts as drifted.
    public enum NumericRule: String, Sendable, Hashable, Codable {
        /// Both agree: the default. PSI alone is biased upwards on small windows (its expectation
        /// under no drift is about (bins − 1)(1/n + 1/m), 0.1 at n = 100 for deciles, and an empty
        /// bin adds ε-inflated terms), so on windows of tens of photographs it flags drift that
        /// the KS test does not see; measured on the data sets' own test splits (see the tests).
        case both
        /// Either one: the more sensitive reading, for windows of many hundreds.
        case either
    }

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
    public var numericRule: NumericRule

    public init(
        populationStabilityIndex: Double = 0.1, kolmogorovSmirnovPValue: Double = 0.05, jensenShannonDistance: Double = 0.1,
        domainClassifierAUC: Double = 0.55, maximumMeanDiscrepancyPValue: Double = 0.05, numericRule: NumericRule = .both
    ) {
        self.numericRule = numericRule
        self.populationStabilityIndex = populationStabilityIndex
        self.kolmogorovSmirnovPValue = kolmogorovSmirnovPValue
        self.jensenShannonDistance = jensenShannonDistance
        self.domainClassifierAUC = domainClassifierAUC
        self.maximumMeanDiscrepancyPValue = maximumMeanDiscrepancyPValue
    }
}
