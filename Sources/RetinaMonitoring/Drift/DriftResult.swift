import Foundation

/// One drift statistic of one feature over one window.
public struct DriftResult: Sendable, Hashable, Codable {
    public enum Test: String, Sendable, Hashable, Codable, CaseIterable {
        case populationStabilityIndex = "psi"
        case kolmogorovSmirnov = "ks"
        case jensenShannon = "jensen_shannon"
        case maximumMeanDiscrepancy = "mmd"
        case domainClassifier = "domain_classifier"
    }

    /// The feature's name; `DriftDetector.embeddingFeature` for the embedding.
    public let feature: String
    public let test: Test
    /// PSI, KS D, JS distance, MMD² or ROC AUC.
    public let statistic: Double
    /// KS and MMD only.
    public let pValue: Double?
    /// The threshold the statistic (or p-value) was compared with.
    public let threshold: Double
    public let isDrifted: Bool
    /// Current values the statistic saw.
    public let currentCount: Int

    public init(feature: String, test: Test, statistic: Double, pValue: Double?, threshold: Double, isDrifted: Bool, currentCount: Int) {
        self.feature = feature
        self.test = test
        self.statistic = statistic
        self.pValue = pValue
        self.threshold = threshold
        self.isDrifted = isDrifted
        self.currentCount = currentCount
    }
}
