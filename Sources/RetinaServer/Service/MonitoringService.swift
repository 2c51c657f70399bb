import Foundation
import Logging
import RetinaMonitoring
import ServiceLifecycle

/// Monitoring as a service of the server's group: refills the windows from the store, then
/// every `flushInterval` writes the recorded profiles to the store, and every
/// `evaluationInterval` evaluates drift and performance for `/metrics`, the log and the
/// webhook. Stops with the server on SIGTERM, after a last flush.
public struct MonitoringService: Service {
    public let monitor: Monitor
    public let settings: MonitoringSettings
    let metrics: ServiceMetrics
    let webhook: WebhookNotifier?
    let logger: Logger

    public init(monitor: Monitor, settings: MonitoringSettings, metrics: ServiceMetrics, logger: Logger) {
        self.monitor = monitor
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        webhook = settings.webhookURL.map {
            WebhookNotifier(url: $0, attempts: settings.webhookAttempts, backoff: settings.webhookBackoff, logger: logger)
        }
    }

    public func run() async throws {
        do { try await monitor.restore() } catch {
            logger.error("monitoring could not reload its windows", metadata: ["error": .string("\(error)")])
        }
        let flushes = max(1, Int(settings.evaluationInterval / settings.flushInterval))
        await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: settings.flushInterval)
                round += 1
                if round % flushes == 0 { await evaluate() } else { await flush() }
            }
        }
        await flush()
    }

    func flush() async {
        do { try await monitor.flush() } catch {
            logger.error("storing input profiles failed", metadata: ["error": .string("\(error)")])
        }
    }

    /// One evaluation: the snapshot into the metrics and the log, and to the webhook when it changed.
    @discardableResult
    public func evaluate(now: Date = Date()) async -> MonitoringSnapshot? {
        let snapshot: MonitoringSnapshot
        do { snapshot = try await monitor.snapshot(now: now, maximumAge: 0) } catch {
            logger.error("monitoring evaluation failed", metadata: ["error": .string("\(error)")])
            return nil
        }
        metrics.monitoring(snapshot, droppedProfiles: monitor.droppedProfiles)
        log(snapshot)
        await webhook?.notifyIfChanged(snapshot)
        return snapshot
    }

    /// One line per window and model: what drifted, where, and which figures alert.
    func log(_ snapshot: MonitoringSnapshot) {
        for window in snapshot.windows {
            for state in window.models {
                var metadata: Logger.Metadata = [
                    "model": .string(state.model), "window": .string(window.kind.rawValue),
                    "analyses": .stringConvertible(window.analyses), "confirmations": .stringConvertible(window.confirmations),
                    "drifted": .string(state.driftedFeatures.joined(separator: ",")),
                ]
                let cameras = state.byCamera.filter { !$0.value.driftedFeatures.isEmpty }.keys.sorted()
                if !cameras.isEmpty { metadata["driftedCameras"] = .string(cameras.joined(separator: ",")) }
                let sites = state.bySite.filter { !$0.value.driftedFeatures.isEmpty }.keys.sorted()
                if !sites.isEmpty { metadata["driftedSites"] = .string(sites.joined(separator: ",")) }
                if let accuracy = state.estimated?.accuracy { metadata["estimatedAccuracy"] = .string(String(format: "%.3f", accuracy)) }
                if !state.alerts.isEmpty { metadata["alerts"] = .string(state.alerts.map(\.metric.rawValue).joined(separator: ",")) }
                let level: Logger.Level = state.isDrifted || !state.alerts.isEmpty ? .warning : .info
                logger.log(level: level, "monitoring", metadata: metadata)
            }
        }
    }
}
