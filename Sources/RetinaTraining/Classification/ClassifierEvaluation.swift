import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels

/// An image-level classifier on one manifest split, deciding by the card's
/// operating rule (`ModelCard.decide`): accuracy and per-class recall and
/// precision; for a binary classifier also ROC AUC, and sensitivity and
/// specificity at the card's threshold.
public enum ClassifierEvaluation {
    /// The label of `row` under `card` (quality column, or diagnosis mapped by the card), nil when unlabelled.
    public static func label(of row: ManifestRow, card: ModelCard) -> Int? {
        let name = card.task == .quality ? row.quality?.rawValue : row.diagnosis.flatMap { card.diagnosisClasses?[$0] }
        return name.flatMap { card.labels.firstIndex(of: $0) }
    }

    public static func evaluate(_ classifier: FundusClassifier, manifest: Manifest, split: Split?) throws -> EvaluationResult {
        let card = classifier.card
        let rows = split.map { manifest.rows(in: $0) } ?? manifest.rows
        let labelled = rows.compactMap { row in label(of: row, card: card).map { (row, $0) } }
        var confusion = ConfusionMatrix(labels: card.labels)
        var binary = BinaryMetrics(threshold: card.threshold)
        let isBinary = card.labels.count == 2
        for (row, truth) in labelled {
            let prediction = try classifier.predict(FundusImage.decode([UInt8](Data(contentsOf: row.image))))
            if isBinary { binary.update(score: prediction.probabilities[1], label: truth == 1) }
            // The card's operating rule, as the product applies it.
            confusion.update(truth: truth, predicted: card.decide(prediction.probabilities))
        }
        var metrics = confusion.aggregate()
        if isBinary {
            metrics["auc"] = binary.rocAUC
            metrics["sensitivity"] = binary.sensitivity
            metrics["specificity"] = binary.specificity
            metrics["threshold"] = card.threshold
        }
        for (index, name) in card.labels.enumerated() {
            metrics["n_\(name)"] = Double(labelled.filter { $0.1 == index }.count)
        }
        return EvaluationResult(n: labelled.count, metrics: metrics, skipped: rows.count - labelled.count)
    }
}
