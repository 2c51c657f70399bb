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

    /// One numeric feature's distribution in the window against its reference, over the
    /// reference's bins (for the dashboard).
    public struct FeatureHistogram: Sendable, Hashable, Codable {
        public var feature: String
        /// Inner bin edges; the first and last bins are open.
        public var edges: [Double]
        public var reference: [Double]
        public var current: [Double]
        public var currentCount: Int
    }

    /// The state at one evaluation, kept for the dashboard's time series.
    public struct HistoryPoint: Sendable, Hashable, Codable {
        public struct Model: Sendable, Hashable, Codable {
            public var model: String
            public var driftedFeatures: Int
            /// The largest PSI of any feature.
            public var maximumPSI: Double?
            public var estimatedAccuracy: Double?
            public var liveAccuracy: Double?
        }

        public var at: Date
        /// Analyses recorded since the previous point.
        public var volume: Int
        public var meanLatencyMs: Double?
        public var qualityMix: [String: Int]
        public var models: [Model]

        /// The point of the window by count of `snapshot`.
        public init(_ snapshot: MonitoringSnapshot, volume: Int) {
            at = snapshot.generatedAt
            self.volume = volume
            let window = snapshot.window(.count)
            meanLatencyMs = window?.meanLatencyMs
            qualityMix = window?.qualityMix ?? [:]
            models = (window?.models ?? []).map { state in
                Model(model: state.model, driftedFeatures: state.driftedFeatures.count,
                      maximumPSI: state.drift?.results.filter { $0.test == .populationStabilityIndex }.map(\.statistic).max(),
                      estimatedAccuracy: state.estimated?.accuracy, liveAccuracy: state.live?.accuracy?.value)
            }
        }
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
        /// Each numeric feature of the reference, by name.
        public var histograms: [FeatureHistogram]

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
    /// Earlier evaluations, oldest first (the server keeps a bounded number).
    public var history: [HistoryPoint]

    public init(generatedAt: Date, windows: [Window], history: [HistoryPoint] = []) {
        self.generatedAt = generatedAt
        self.windows = windows
        self.history = history
    }

    public func window(_ kind: WindowKind) -> Window? { windows.first { $0.kind == kind } }

    public var isDrifted: Bool { windows.contains { $0.models.contains(where: \.isDrifted) } }
    public var hasAlerts: Bool { windows.contains { $0.models.contains { !$0.alerts.isEmpty } } }
}
