import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels

/// Accuracy of the laterality classifier on the rows whose eye is known.
public enum LateralityEvaluation {
    public static func evaluate(_ classifier: LateralityClassifier, manifest: Manifest, split: Split?) throws -> EvaluationResult {
        let rows = split.map { manifest.rows(in: $0) } ?? manifest.rows
        let labelled = rows.filter { $0.eye != nil }
        var confusion = ConfusionMatrix(labels: ["left", "right"])
        for row in labelled {
            let prediction = try classifier.predict(FundusImage.decode([UInt8](Data(contentsOf: row.image))))
            confusion.update(truth: row.eye == .right ? 1 : 0, predicted: prediction.eye == .right ? 1 : 0)
        }
        var metrics = confusion.aggregate()
        metrics["n_left"] = Double(labelled.filter { $0.eye == .left }.count)
        metrics["n_right"] = Double(labelled.filter { $0.eye == .right }.count)
        return EvaluationResult(n: labelled.count, metrics: metrics, skipped: rows.count - labelled.count)
    }
}
