import Foundation
import RetinaMonitoring

/// How the server monitors what comes in and how its models do (see `MonitoringService`).
public struct MonitoringSettings: Sendable {
    /// Windows, drift tests and their thresholds, and the alert rule.
    public var statistics = MonitoringConfiguration()
    /// How often recorded profiles are written to the store and added to the windows.
    public var flushInterval: Duration = .seconds(5)
    /// How often drift and performance are evaluated for the metrics, the log and the webhook
    /// (`GET /v1/monitoring` evaluates on demand when something new came in).
    public var evaluationInterval: Duration = .seconds(60)
    /// Profiles waiting to be flushed; beyond it the oldest are dropped (and counted), so a
    /// stalled store never holds up a request.
    public var bufferCapacity = 10_000
    /// Evaluations kept for the dashboard's time series (a day at one a minute).
    public var historyLength = 1_440
    /// Where a state change (drift or alert appears or clears) is posted as JSON; nil: nowhere.
    public var webhookURL: URL?
    /// Tries per notification, waiting `webhookBackoff`, then twice that, … between them.
    public var webhookAttempts = 5
    public var webhookBackoff: Duration = .seconds(1)

    public init() {}
}
