import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RetinaMonitoring

/// Posts the monitoring state to a webhook when it changes (a model drifts or stops drifting,
/// an alert appears or clears), retrying with exponential backoff in a task of its own, so a
/// slow or absent receiver never holds up a request or the next evaluation. The body names
/// models, features and figures only: nothing about a patient or a photograph.
actor WebhookNotifier {
    /// What is posted.
    struct Notification: Codable, Equatable {
        struct Model: Codable, Equatable {
            var model: String
            var window: String
            var driftedFeatures: [String]
            var alerts: [String]
        }

        var generatedAt: Date
        var drifted: Bool
        var alerting: Bool
        var models: [Model]

        init(_ snapshot: MonitoringSnapshot) {
            generatedAt = snapshot.generatedAt
            drifted = snapshot.isDrifted
            alerting = snapshot.hasAlerts
            models = snapshot.windows.flatMap { window in
                window.models.map { state in
                    Model(model: state.model, window: window.kind.rawValue, driftedFeatures: state.driftedFeatures,
                          alerts: state.alerts.map(\.metric.rawValue))
                }
            }
        }
    }

    let url: URL
    let attempts: Int
    let backoff: Duration
    let logger: Logger
    private var lastState: [Notification.Model]?
    private var delivery: Task<Void, Never>?

    init(url: URL, attempts: Int, backoff: Duration, logger: Logger) {
        self.url = url
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.logger = logger
    }

    /// Starts a delivery when the state differs from the last one notified (the first one only
    /// when something drifted or alerts); a delivery still retrying is replaced by the newer state.
    func notifyIfChanged(_ snapshot: MonitoringSnapshot) {
        let notification = Notification(snapshot)
        if lastState == nil, !notification.drifted, !notification.alerting {
            lastState = notification.models
            return
        }
        guard notification.models != lastState else { return }
        lastState = notification.models
        delivery?.cancel()
        let (url, attempts, backoff, logger) = (url, attempts, backoff, logger)
        delivery = Task.detached(priority: .utility) {
            await Self.deliver(notification, to: url, attempts: attempts, backoff: backoff, logger: logger)
        }
    }

    /// Waits for the delivery in flight (tests, shutdown).
    func settle() async { await delivery?.value }

    static func deliver(_ notification: Notification, to url: URL, attempts: Int, backoff: Duration, logger: Logger) async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        guard let body = try? encoder.encode(notification) else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        request.timeoutInterval = 10
        var wait = backoff
        for attempt in 1 ... attempts {
            if Task.isCancelled { return }
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200 ..< 300).contains(status) { return }
                logger.warning("monitoring webhook refused", metadata: ["status": .stringConvertible(status), "attempt": .stringConvertible(attempt)])
            } catch {
                logger.warning("monitoring webhook failed", metadata: ["error": .string("\(error)"), "attempt": .stringConvertible(attempt)])
            }
            guard attempt < attempts else { break }
            try? await Task.sleep(for: wait)
            wait *= 2
        }
        logger.error("monitoring webhook gave up", metadata: ["attempts": .stringConvertible(attempts)])
    }
}
