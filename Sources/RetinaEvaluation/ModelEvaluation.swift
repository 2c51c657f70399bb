import Foundation
import RetinaData
import RetinaMetrics
import RetinaModels
import RetinaTraining

/// Evaluates one model bundle on a manifest split, for every task: the code
/// behind `ropscreen evaluate` and the test-split figures a training run
/// writes into its card, and the evaluation's JSON contract (the metric keys
/// printed per task).
public enum ModelEvaluation {
    /// The metrics `evaluate --json` prints for each task, in order.
    public static func contractKeys(for task: AnalysisTask) -> [String] {
        switch task {
        case .vessels: ["f1", "auc", "sensitivity", "specificity", "accuracy"]
        case .landmarks: ["od_error_median_norm", "od_within_radius", "fovea_error_median_norm", "fovea_n"]
        case .laterality: ["accuracy", "n_left", "n_right"]
        case .ridge: ["dice", "auc", "sensitivity", "specificity", "presence_accuracy"]
        case .quality: ["accuracy", "recall_good", "precision_good", "recall_bad", "precision_bad", "recall_outlier", "precision_outlier"]
        case .lesion: ["auc", "accuracy", "sensitivity", "specificity", "threshold", "recall_normal", "precision_normal", "recall_lesion", "precision_lesion"]
        case .rop: ["auc", "sensitivity", "specificity", "accuracy", "threshold", "n_normal", "n_rop", "gated",
                    "auc_ci_low", "auc_ci_high", "sensitivity_ci_low", "sensitivity_ci_high", "specificity_ci_low", "specificity_ci_high"]
        }
    }

    /// Runs `task`'s evaluation with the model in `directory`. Vessels and ridge on the
    /// field of view scaled to `fieldDiameter` when given; `reducedPrecision` runs the
    /// U-Nets in bfloat16; `inferenceForm` runs every network in its float32 inference form
    /// (batch norm folded, channels-last: `InferencePreparable`), as reports do unless in bfloat16;
    /// ROP goes through the report path behind the bundled quality gate.
    public static func evaluate(_ task: AnalysisTask, model directory: URL, manifest: Manifest, split: Split?, dataset: String,
                                fieldDiameter: Int? = nil, reducedPrecision: Bool = false, inferenceForm: Bool = false) throws -> EvaluationResult {
        let bundle = try ModelBundle(directory: directory)
        switch task {
        case .vessels, .ridge:
            let segmenter = Segmenter(bundle: bundle)
            if reducedPrecision { try segmenter.useReducedPrecision() } else if inferenceForm { try segmenter.prepareForInference() }
            return try SegmentationEvaluation.evaluate(segmenter, manifest: manifest, split: split, dataset: dataset,
                                                       target: task == .vessels ? .vessels : .ridge, fieldDiameter: fieldDiameter)
        case .landmarks:
            let detector = LandmarkDetector(bundle: bundle)
            if reducedPrecision { try detector.useReducedPrecision() } else if inferenceForm { try detector.prepareForInference() }
            return try LandmarkEvaluation.evaluate(detector, manifest: manifest, split: split)
        case .laterality:
            let laterality = try LateralityClassifier(bundle: bundle)
            if inferenceForm { try laterality.classifier.prepareForInference() }
            return try LateralityEvaluation.evaluate(laterality, manifest: manifest, split: split)
        case .quality, .lesion:
            let classifier = try FundusClassifier(bundle: bundle)
            if inferenceForm { try classifier.prepareForInference() }
            return try ClassifierEvaluation.evaluate(classifier, manifest: manifest, split: split)
        case .rop:
            let quality = try FundusClassifier.bundled("quality")
            if inferenceForm { try quality.prepareForInference() }
            let rop = try FundusClassifier(bundle: bundle)
            if inferenceForm { try rop.prepareForInference() }
            let r = ROPEvaluation(rop: rop, quality: quality,
                                  manifest: manifest, split: split, dataset: dataset)
            return EvaluationResult(n: r.outcomes.count, metrics: r.metrics, skipped: r.skipped,
                                    notes: [r.tradeOffNote(split: "\(dataset)/\(split?.rawValue ?? "all")")])
        }
    }

    /// Metrics as a card stores them: the finite values, plus the row count.
    public static func recordable(_ result: EvaluationResult) -> [String: Double] {
        result.metrics.filter { $0.value.isFinite }.merging(["n": Double(result.n)]) { $1 }
    }

    /// The contract's metrics on one line.
    public static func summary(_ metrics: [String: Double], task: AnalysisTask) -> String {
        contractKeys(for: task).compactMap { key in metrics[key].map { String(format: "%@ %.4f", key, $0) } }.joined(separator: "  ")
    }

    /// The contract's JSON object: `{"task", "n", "skipped", "metrics": {key: value or null}}`.
    public static func contractJSON(_ result: EvaluationResult, task: AnalysisTask) throws -> Data {
        let object: [String: Any] = [
            "task": task.rawValue, "n": result.n, "skipped": result.skipped,
            // A metric that has nothing to measure (no fovea labels, say) is null.
            "metrics": Dictionary(uniqueKeysWithValues: contractKeys(for: task).map { key -> (String, Any) in
                guard let value = result.metrics[key], value.isFinite else { return (key, NSNull()) }
                return (key, value)
            }),
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
