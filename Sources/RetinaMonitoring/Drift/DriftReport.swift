import Foundation

/// Every drift statistic over one window (or one group of it), and the features that could
/// not be tested, with why.
public struct DriftReport: Sendable, Hashable, Codable {
    public struct SkippedFeature: Sendable, Hashable, Codable {
        public let feature: String
        public let reason: String

        public init(feature: String, reason: String) {
            self.feature = feature
            self.reason = reason
        }
    }

    /// Profiles in the window.
    public let windowCount: Int
    /// Sorted by feature, then test.
    public let results: [DriftResult]
    public let skipped: [SkippedFeature]
    /// The features that drifted by the thresholds' rules, sorted.
    public let driftedFeatures: [String]

    /// `numericRule` decides for features with both PSI and KS results; any other feature
    /// drifted when its one statistic did.
    public init(windowCount: Int, results: [DriftResult], skipped: [SkippedFeature], numericRule: DriftThresholds.NumericRule = .both) {
        self.windowCount = windowCount
        self.results = results.sorted { ($0.feature, $0.test.rawValue) < ($1.feature, $1.test.rawValue) }
        self.skipped = skipped.sorted { $0.feature < $1.feature }
        driftedFeatures = Dictionary(grouping: results, by: \.feature).filter { _, tests in
            let numeric = tests.filter { $0.test == .populationStabilityIndex || $0.test == .kolmogorovSmirnov }
            if numeric.count == 2, numericRule == .both { return numeric.allSatisfy(\.isDrifted) }
            return tests.contains(where: \.isDrifted)
        }.keys.sorted()
    }

    public var isDrifted: Bool { !driftedFeatures.isEmpty }

    public func results(for feature: String) -> [DriftResult] { results.filter { $0.feature == feature } }

    public func result(for feature: String, test: DriftResult.Test) -> DriftResult? {
        results.first { $0.feature == feature && $0.test == test }
    }
}
