import Foundation

/// How monitoring windows, tests and alerts are set; every threshold is in `drift.thresholds`
/// and `alertRule`.
public struct MonitoringConfiguration: Sendable, Hashable, Codable {
    /// Analyses (and confirmations) in the sliding window by count.
    public var windowCount: Int
    /// Seconds covered by the sliding window by time.
    public var windowDuration: TimeInterval
    public var drift: DriftDetector.Configuration
    /// Whether drift is also computed per camera family and per site (statistics per feature,
    /// without the embedding test, which the whole window runs).
    public var splitsByGroup: Bool
    public var alertRule: PerformanceAlertRule

    public init(windowCount: Int = 200, windowDuration: TimeInterval = 86_400, drift: DriftDetector.Configuration = .init(),
                splitsByGroup: Bool = true, alertRule: PerformanceAlertRule = .init()) {
        self.windowCount = windowCount
        self.windowDuration = windowDuration
        self.drift = drift
        self.splitsByGroup = splitsByGroup
        self.alertRule = alertRule
    }
}
