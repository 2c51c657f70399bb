import Foundation

/// Compares a window of current profiles with a model's reference profile: PSI and KS per
/// numeric feature, Jensen–Shannon per categorical one, and a domain classifier and/or MMD on
/// the embeddings. To watch a model's outputs (predicted class, confidence), put them in the
/// profiles as categorical and numeric features and in the reference built from its outputs
/// on the reference data. Deterministic: every call draws from a generator seeded afresh
/// with `configuration.seed`.
public struct DriftDetector: Sendable {
    public struct Configuration: Sendable, Hashable, Codable {
        public var thresholds: DriftThresholds
        /// Features with fewer current values than this are skipped, not tested.
        public var minimumCount: Int
        public var usesDomainClassifier: Bool
        public var usesMaximumMeanDiscrepancy: Bool
        public var domainClassifier: DomainClassifierTest.Configuration
        public var permutations: Int
        /// PSI's replacement for empty bins.
        public var epsilon: Double
        public var seed: UInt64

        public init(
            thresholds: DriftThresholds = DriftThresholds(), minimumCount: Int = 20, usesDomainClassifier: Bool = true,
            usesMaximumMeanDiscrepancy: Bool = false, domainClassifier: DomainClassifierTest.Configuration = .init(),
            permutations: Int = 200, epsilon: Double = PopulationStabilityIndex.defaultEpsilon, seed: UInt64 = 0xD81F7
        ) {
            self.thresholds = thresholds
            self.minimumCount = minimumCount
            self.usesDomainClassifier = usesDomainClassifier
            self.usesMaximumMeanDiscrepancy = usesMaximumMeanDiscrepancy
            self.domainClassifier = domainClassifier
            self.permutations = permutations
            self.epsilon = epsilon
            self.seed = seed
        }
    }

    /// The categorical feature a window is split by.
    public struct GroupKey: Sendable, Hashable, Codable {
        public let feature: String

        public init(feature: String) { self.feature = feature }

        public static let cameraFamily = GroupKey(feature: CategoricalFeature.cameraFamily.rawValue)
        public static let site = GroupKey(feature: CategoricalFeature.site.rawValue)
    }

    /// The feature name embedding results are reported under.
    public static let embeddingFeature = "embedding"
    /// The group of profiles without the grouping feature.
    public static let unknownGroup = "unknown"

    public let reference: ReferenceProfile
    public var configuration: Configuration

    public init(reference: ReferenceProfile, configuration: Configuration = Configuration()) {
        self.reference = reference
        self.configuration = configuration
    }

    public func detect(_ window: [InputProfile]) -> DriftReport {
        var generator = SplitMix64(seed: configuration.seed)
        var results: [DriftResult] = []
        var skipped: [DriftReport.SkippedFeature] = []
        let thresholds = configuration.thresholds

        for (name, numeric) in reference.numeric.sorted(by: { $0.key < $1.key }) {
            let values = window.compactMap { $0.numeric[name] }.filter(\.isFinite)
            guard values.count >= configuration.minimumCount else {
                skipped.append(.init(feature: name, reason: "\(values.count) values, fewer than \(configuration.minimumCount)"))
                continue
            }
            do {
                let psi = try PopulationStabilityIndex(current: values, reference: numeric, epsilon: configuration.epsilon)
                results.append(DriftResult(
                    feature: name, test: .populationStabilityIndex, statistic: psi.value, pValue: nil,
                    threshold: thresholds.populationStabilityIndex, isDrifted: psi.value > thresholds.populationStabilityIndex,
                    currentCount: values.count))
                let ks = try KolmogorovSmirnovTest(reference: numeric.sample, current: values)
                results.append(DriftResult(
                    feature: name, test: .kolmogorovSmirnov, statistic: ks.statistic, pValue: ks.pValue,
                    threshold: thresholds.kolmogorovSmirnovPValue, isDrifted: ks.pValue < thresholds.kolmogorovSmirnovPValue,
                    currentCount: values.count))
            } catch {
                skipped.append(.init(feature: name, reason: error.description))
            }
        }

        for (name, categorical) in reference.categorical.sorted(by: { $0.key < $1.key }) {
            let values = window.compactMap { $0.categorical[name] }
            guard values.count >= configuration.minimumCount else {
                skipped.append(.init(feature: name, reason: "\(values.count) values, fewer than \(configuration.minimumCount)"))
                continue
            }
            var counts: [String: Int] = [:]
            for value in values { counts[value, default: 0] += 1 }
            do {
                let distance = try JensenShannonDistance(reference: categorical.counts, current: counts)
                results.append(DriftResult(
                    feature: name, test: .jensenShannon, statistic: distance.value, pValue: nil,
                    threshold: thresholds.jensenShannonDistance, isDrifted: distance.value > thresholds.jensenShannonDistance,
                    currentCount: values.count))
            } catch {
                skipped.append(.init(feature: name, reason: error.description))
            }
        }

        if let embeddings = reference.embeddings, configuration.usesDomainClassifier || configuration.usesMaximumMeanDiscrepancy {
            let current = window.compactMap(\.embedding)
            if current.count < configuration.minimumCount {
                skipped.append(.init(
                    feature: Self.embeddingFeature, reason: "\(current.count) values, fewer than \(configuration.minimumCount)"))
            } else {
                do {
                    if configuration.usesDomainClassifier {
                        let test = try DomainClassifierTest(
                            reference: embeddings.sample, current: current, configuration: configuration.domainClassifier,
                            using: &generator)
                        results.append(DriftResult(
                            feature: Self.embeddingFeature, test: .domainClassifier, statistic: test.auc, pValue: nil,
                            threshold: thresholds.domainClassifierAUC, isDrifted: test.auc > thresholds.domainClassifierAUC,
                            currentCount: current.count))
                    }
                    if configuration.usesMaximumMeanDiscrepancy {
                        let test = try MaximumMeanDiscrepancyTest(
                            reference: embeddings.sample, current: current, permutations: configuration.permutations,
                            using: &generator)
                        results.append(DriftResult(
                            feature: Self.embeddingFeature, test: .maximumMeanDiscrepancy, statistic: test.statistic,
                            pValue: test.pValue, threshold: thresholds.maximumMeanDiscrepancyPValue,
                            isDrifted: test.pValue < thresholds.maximumMeanDiscrepancyPValue, currentCount: current.count))
                    }
                } catch {
                    skipped.append(.init(feature: Self.embeddingFeature, reason: error.description))
                }
            }
        }
        return DriftReport(windowCount: window.count, results: results, skipped: skipped, numericRule: thresholds.numericRule)
    }

    /// One report per value of the grouping feature (camera family, site …), profiles without
    /// it under `unknownGroup`. Small groups get reports whose features are mostly skipped.
    public func detect(_ window: [InputProfile], groupedBy key: GroupKey) -> [String: DriftReport] {
        let groups = Dictionary(grouping: window) { $0.categorical[key.feature] ?? Self.unknownGroup }
        return groups.mapValues(detect)
    }
}
