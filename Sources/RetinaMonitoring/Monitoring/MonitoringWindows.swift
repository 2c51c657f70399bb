import Foundation

/// The sliding windows of recent analyses and confirmations, by count and by time, and the
/// snapshot they give against each watched classifier's reference. A value type without
/// clocks or threads: the server's monitoring service owns one and says when it is.
public struct MonitoringWindows: Sendable {
    public let configuration: MonitoringConfiguration
    private var analysesByCount: CountWindow<MonitoredAnalysis>
    private var analysesByTime: TimeWindow<MonitoredAnalysis>
    private var confirmationsByCount: CountWindow<Confirmation>
    private var confirmationsByTime: TimeWindow<Confirmation>

    public init(configuration: MonitoringConfiguration = MonitoringConfiguration()) throws(MonitoringError) {
        self.configuration = configuration
        analysesByCount = try CountWindow(capacity: configuration.windowCount)
        analysesByTime = try TimeWindow(duration: configuration.windowDuration)
        confirmationsByCount = try CountWindow(capacity: configuration.windowCount)
        confirmationsByTime = try TimeWindow(duration: configuration.windowDuration)
    }

    public var analysisCount: Int { analysesByCount.count }

    public mutating func record(_ analysis: MonitoredAnalysis) {
        analysesByCount.append(analysis, at: analysis.recordedAt)
        analysesByTime.append(analysis, at: analysis.recordedAt)
    }

    /// A later confirmation of the same analysis counts instead of the earlier one (as the
    /// store keeps only the latest).
    public mutating func record(_ confirmation: Confirmation) {
        confirmationsByCount.append(confirmation, at: confirmation.confirmedAt)
        confirmationsByTime.append(confirmation, at: confirmation.confirmedAt)
    }

    /// The state of every classifier over both windows, the time window ending at `now`.
    public mutating func snapshot(of classifiers: [WatchedClassifier], now: Date) -> MonitoringSnapshot {
        analysesByTime.evict(asOf: now)
        confirmationsByTime.evict(asOf: now)
        return MonitoringSnapshot(generatedAt: now, windows: [
            window(.count, span: Double(configuration.windowCount), analyses: analysesByCount.values,
                   confirmations: confirmationsByCount.values, classifiers: classifiers),
            window(.time, span: configuration.windowDuration, analyses: analysesByTime.values,
                   confirmations: confirmationsByTime.values, classifiers: classifiers),
        ])
    }

    func window(_ kind: MonitoringSnapshot.WindowKind, span: Double, analyses: [MonitoredAnalysis], confirmations: [Confirmation],
                classifiers: [WatchedClassifier]) -> MonitoringSnapshot.Window {
        let profiles = analyses.map(\.profile)
        var latest: [String: Confirmation] = [:]
        for confirmation in confirmations { latest[confirmation.analysisID] = confirmation }
        let confirmations = confirmations.filter { latest[$0.analysisID] == $0 }
        var qualityMix: [String: Int] = [:]
        for profile in profiles { if let verdict = profile[.qualityVerdict] { qualityMix[verdict, default: 0] += 1 } }
        let models = classifiers.map { classifier in
            state(of: classifier, profiles: profiles, confirmations: confirmations)
        }
        return MonitoringSnapshot.Window(
            kind: kind, span: span, analyses: analyses.count, confirmations: confirmations.count,
            meanLatencyMs: analyses.isEmpty ? nil : analyses.map(\.latencyMs).reduce(0, +) / Double(analyses.count),
            qualityMix: qualityMix, models: models)
    }

    func state(of classifier: WatchedClassifier, profiles: [InputProfile], confirmations: [Confirmation]) -> MonitoringSnapshot.ModelState {
        var drift: DriftReport?
        var byCamera: [String: MonitoringSnapshot.GroupDrift] = [:]
        var bySite: [String: MonitoringSnapshot.GroupDrift] = [:]
        if let reference = classifier.reference {
            drift = DriftDetector(reference: reference, configuration: configuration.drift).detect(profiles)
            if configuration.splitsByGroup {
                var perGroup = configuration.drift
                perGroup.usesDomainClassifier = false
                perGroup.usesMaximumMeanDiscrepancy = false
                let detector = DriftDetector(reference: reference, configuration: perGroup)
                func summary(_ key: DriftDetector.GroupKey) -> [String: MonitoringSnapshot.GroupDrift] {
                    detector.detect(profiles, groupedBy: key).mapValues {
                        MonitoringSnapshot.GroupDrift(windowCount: $0.windowCount, driftedFeatures: $0.driftedFeatures)
                    }
                }
                byCamera = summary(.cameraFamily)
                bySite = summary(.site)
            }
        }
        var estimated: MonitoringSnapshot.EstimatedPerformance?
        if let estimator = classifier.estimator, let feature = classifier.scoreFeature {
            let scores = profiles.compactMap { $0.numeric[feature] }
            if !scores.isEmpty {
                let matrix = estimator.estimate(scores: scores)
                estimated = .init(analyses: scores.count, accuracy: matrix.accuracy, sensitivity: matrix.sensitivity,
                                  specificity: matrix.specificity)
            }
        }
        let histograms = (classifier.reference?.numeric ?? [:]).sorted { $0.key < $1.key }.map { feature, reference in
            let values = profiles.compactMap { $0.numeric[feature] }.filter(\.isFinite)
            return MonitoringSnapshot.FeatureHistogram(feature: feature, edges: reference.binEdges, reference: reference.binProportions,
                                                       current: reference.proportions(of: values), currentCount: values.count)
        }
        let outcomes = confirmations.compactMap { $0.outcomes[classifier.model] }
        let live = outcomes.isEmpty ? nil : LivePerformance(outcomes)
        let alerts = live.map { configuration.alertRule.alerts(for: $0, card: classifier.cardFigures) } ?? []
        return MonitoringSnapshot.ModelState(
            model: classifier.model, version: classifier.version, drift: drift, driftedFeatures: drift?.driftedFeatures ?? [], byCamera: byCamera, bySite: bySite,
            estimated: estimated, live: live, alerts: alerts, histograms: histograms)
    }
}
