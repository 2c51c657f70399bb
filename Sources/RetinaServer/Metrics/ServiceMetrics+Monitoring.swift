import Foundation
import Prometheus
import RetinaMonitoring

extension ServiceMetrics {
    /// The drift and performance state per model and window as gauges: whether it drifted,
    /// each statistic, the estimated and live figures, and the alerts (1 while alerting).
    public func monitoring(_ snapshot: MonitoringSnapshot, droppedProfiles: Int) {
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ropscreen", metricName: name, unitName: "", helpText: help),
                               labels: labels)
        }
        gauge("monitoring_dropped_profiles", "Input profiles dropped because the monitoring buffer was full", []).set(to: Double(droppedProfiles))
        for window in snapshot.windows {
            let w = window.kind.rawValue
            gauge("monitoring_window_analyses", "Analyses in the monitoring window", [("window", w)]).set(to: Double(window.analyses))
            gauge("monitoring_window_confirmations", "Doctor confirmations in the monitoring window", [("window", w)])
                .set(to: Double(window.confirmations))
            for state in window.models {
                let model = [("model", state.model), ("window", w)]
                gauge("monitoring_drifted", "1 when any feature drifted against the model's reference", model).set(to: state.isDrifted ? 1 : 0)
                for result in state.drift?.results ?? [] {
                    gauge("monitoring_drift_statistic", "Drift statistic per feature and test (PSI, KS D, JS distance, MMD², AUC)",
                          model + [("feature", result.feature), ("test", result.test.rawValue)]).set(to: result.statistic)
                }
                let estimated: [(PerformanceMetric, Double?)] = [
                    (.accuracy, state.estimated?.accuracy), (.sensitivity, state.estimated?.sensitivity),
                    (.specificity, state.estimated?.specificity),
                ]
                for case let (metric, value?) in estimated {
                    gauge("monitoring_estimated_performance", "Performance estimated before labels (CBPE)", model + [("metric", metric.rawValue)])
                        .set(to: value)
                }
                for metric in PerformanceMetric.allCases {
                    if let estimate = state.live?.estimate(of: metric) {
                        gauge("monitoring_live_performance", "Performance on doctors' confirmations", model + [("metric", metric.rawValue)])
                            .set(to: estimate.value)
                    }
                    gauge("monitoring_alert", "1 while the live figure is below the card's by more than the margin",
                          model + [("metric", metric.rawValue)]).set(to: state.alerts.contains { $0.metric == metric } ? 1 : 0)
                }
            }
        }
    }
}
