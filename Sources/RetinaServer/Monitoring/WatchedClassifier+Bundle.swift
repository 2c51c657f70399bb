import Foundation
import RetinaAnalysis
import RetinaModels
import RetinaMonitoring

extension WatchedClassifier {
    /// The classifiers monitoring watches among `models`: quality (score: the probability of
    /// `good`), ROP (the probability of ROP) and laterality (confirmations only), each with the
    /// `reference-profile.json` beside its card in `root` when there is one.
    public static func watched(in models: AnalysisModels, root: URL) throws -> [WatchedClassifier] {
        let candidates: [(ModelCard?, String?)] = [
            (models.quality?.card, NumericFeature.qualityScore.rawValue),
            (models.rop?.card, NumericFeature.ropProbability.rawValue),
            (models.laterality?.card, nil),
        ]
        return try candidates.compactMap { card, scoreFeature in
            guard let card else { return nil }
            let url = root.appendingPathComponent(card.name).appendingPathComponent(ReferenceProfile.fileName)
            let reference = try FileManager.default.fileExists(atPath: url.path)
                ? ReferenceProfile(jsonData: Data(contentsOf: url)) : nil
            let calibration = reference?.calibration
            return WatchedClassifier(
                model: card.name, version: card.version, reference: reference, scoreFeature: calibration?.scoreFeature ?? scoreFeature,
                estimator: calibration?.estimator, cardFigures: cardFigures(card))
        }
    }

    /// The sensitivity, specificity and accuracy of the card's first test set (by name) measured
    /// through the report path (`<set>/test`, what live reports are compared with) that has any of them.
    static func cardFigures(_ card: ModelCard) -> [PerformanceMetric: Double] {
        let measured = card.metrics.keys.filter { key in
            key.hasSuffix("/test") && PerformanceMetric.allCases.contains { card.metrics[key]?[$0.rawValue] != nil }
        }
        guard let test = measured.sorted().first, let figures = card.metrics[test] else { return [:] }
        var result: [PerformanceMetric: Double] = [:]
        for metric in PerformanceMetric.allCases { result[metric] = figures[metric.rawValue] }
        return result
    }
}
