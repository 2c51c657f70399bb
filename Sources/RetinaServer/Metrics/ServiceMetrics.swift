import Foundation
import Prometheus

/// The service's Prometheus metrics: requests by route and code, latency of
/// each analysis step, queue depth, batch sizes, model versions.
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let batchSizes: ValueHistogram
    private let queueDepth: Gauge

    public init(modelVersions: [String: String]) {
        batchSizes = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: "batch_size", unitName: "", helpText: "Photographs analysed per batch"),
            labels: [], buckets: [1, 2, 3, 4, 6, 8, 12, 16])
        queueDepth = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: "queue_depth", unitName: "",
                                                                         helpText: "Analyses waiting or running"))
        for (model, version) in modelVersions {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: "model_info", unitName: "", helpText: "Loaded models (value 1)"),
                               labels: [("model", model), ("version", version)]).set(to: 1)
        }
    }

    static let latencyBuckets: [Duration] = [5, 10, 25, 50, 100, 200, 350, 500, 750, 1000, 2000, 5000].map { .milliseconds($0) }

    public func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: "http_requests", unitName: "total",
                                                              helpText: "HTTP requests by route, method and status"),
                             labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: "http_request_duration", unitName: "seconds",
                                                                        helpText: "HTTP request latency"),
                                       labels: [("route", route)], buckets: Self.latencyBuckets).record(duration)
    }

    /// The time of each step of one report (`timingsMs`).
    public func analysis(timingsMs: [String: Double]) {
        for (step, milliseconds) in timingsMs {
            registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: "analysis_step_duration", unitName: "seconds",
                                                                            helpText: "Time of each analysis step"),
                                           labels: [("step", step)], buckets: Self.latencyBuckets)
                .record(.nanoseconds(Int64(milliseconds * 1e6)))
        }
    }

    public func batch(size: Int) { batchSizes.record(Double(size)) }

    public func queue(depth: Int) { queueDepth.set(to: Double(depth)) }

    /// The metrics in Prometheus' text format.
    public func exposition() -> String { registry.emitToString() }
}
