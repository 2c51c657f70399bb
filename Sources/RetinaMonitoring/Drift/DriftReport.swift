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

    public init(windowCount: Int, results: [DriftResult], skipped: [SkippedFeature]) {
        self.windowCount = windowCount
        self.results = results.sorted { ($0.feature, $0.test.rawValue) < ($1.feature, $1.test.rawValue) }
        self.skipped = skipped.sorted { $0.feature < $1.feature }
    }

    public var isDrifted: Bool { results.contains(where: \.isDrifted) }

    /// Features with at least one drifted statistic, sorted.
    public var driftedFeatures: [String] { Array(Set(results.filter(\.isDrifted).map(\.feature))).sorted() }

    public func results(for feature: String) -> [DriftResult] { results.filter { $0.feature == feature } }

    public func result(for feature: String, test: DriftResult.Test) -> DriftResult? {
        results.first { $0.feature == feature && $0.test == test }
    }
}
