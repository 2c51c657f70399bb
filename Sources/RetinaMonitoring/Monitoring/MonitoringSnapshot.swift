import Foundation

/// The drift and performance state of every watched model over each sliding window, as
/// `GET /v1/monitoring`, the metrics and the log show it.
public struct MonitoringSnapshot: Sendable, Hashable, Codable {
    public enum WindowKind: String, Sendable, Hashable, Codable {
        case count
        case time
    }

    /// Drift within one camera family or one site: the features that moved.
    public struct GroupDrift: Sendable, Hashable, Codable {
        public var windowCount: Int
        public var driftedFeatures: [String]
    }

    /// CBPE's expected figures over the window's unlabelled analyses.
    public struct EstimatedPerformance: Sendable, Hashable, Codable {
        public var analyses: Int
        public var accuracy: Double?
        public var sensitivity: Double?
        public var specificity: Double?
    }

    public struct ModelState: Sendable, Hashable, Codable {
        public var model: String
        public var version: String
        /// nil without a reference profile.
        public var drift: DriftReport?
        /// The features with a drifted statistic over the whole window, sorted.
        public var driftedFeatures: [String]
        public var byCamera: [String: GroupDrift]
        public var bySite: [String: GroupDrift]
        public var estimated: EstimatedPerformance?
        /// Over the window's confirmations; nil when none concern this model.
        public var live: LivePerformance?
        public var alerts: [PerformanceAlert]

        public var isDrifted: Bool { !driftedFeatures.isEmpty }
    }

    public struct Window: Sendable, Hashable, Codable {
        public var kind: WindowKind
        /// Capacity (count) or seconds (time).
        public var span: Double
        public var analyses: Int
        public var confirmations: Int
        /// Mean total analysis time over the window, milliseconds.
        public var meanLatencyMs: Double?
        /// Quality verdicts in the window.
        public var qualityMix: [String: Int]
        public var models: [ModelState]
    }

    public var generatedAt: Date
    public var windows: [Window]

    public init(generatedAt: Date, windows: [Window]) {
        self.generatedAt = generatedAt
        self.windows = windows
    }

    public func window(_ kind: WindowKind) -> Window? { windows.first { $0.kind == kind } }

    public var isDrifted: Bool { windows.contains { $0.models.contains(where: \.isDrifted) } }
    public var hasAlerts: Bool { windows.contains { $0.models.contains { !$0.alerts.isEmpty } } }
}
