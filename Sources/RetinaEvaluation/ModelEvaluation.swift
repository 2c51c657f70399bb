import Foundation
import RetinaAnalysis
import RetinaData
import RetinaMetrics
import RetinaModels
import RetinaTraining

/// Evaluates one model bundle on a manifest split, for every task: the code
/// behind `ropscreen evaluate` and the test-split figures a training run
/// writes into its card, and the evaluation's JSON contract (the metric keys
/// printed per task).
public enum ModelEvaluation {
    /// What is measured: the report a doctor reads, or the network alone.
    public enum Path: String, Sendable {
        /// `ReportPathTaskEvaluation`: the server's models, options, gate and decisions.
        case report
        /// The network alone: full resolution with mirror averaging where the card asks for it,
        /// every peak whatever its confidence, no quality gate (what the cards measured before).
        case model
    }

    /// The metrics `evaluate --json` prints for each task, in order.
    public static func contractKeys(for task: AnalysisTask, path: Path = .report) -> [String] {
        if path == .report { return reportContractKeys(for: task) }
        return switch task {
        case .vessels: ["f1", "auc", "sensitivity", "specificity", "accuracy"]
        case .landmarks: ["od_error_median_norm", "od_within_radius", "fovea_error_median_norm", "fovea_n"]
        case .laterality: ["accuracy", "n_left", "n_right"]
        case .ridge: ["dice", "auc", "sensitivity", "specificity", "presence_accuracy"]
        case .quality: ["accuracy", "recall_good", "precision_good", "recall_bad", "precision_bad", "recall_outlier", "precision_outlier"]
        case .lesion: ["auc", "accuracy", "sensitivity", "specificity", "threshold", "recall_normal", "precision_normal", "recall_lesion", "precision_lesion"]
        case .rop: ["auc", "accuracy", "sensitivity", "specificity", "threshold", "recall_normal", "precision_normal", "recall_rop", "precision_rop"]
        }
    }

    /// The report path's metrics: each with `gated` (stopped as not a fundus) and `failed`.
    static func reportContractKeys(for task: AnalysisTask) -> [String] {
        let keys: [String] = switch task {
        case .vessels: ["f1", "sensitivity", "specificity", "accuracy"]
        case .landmarks: ["od_found_rate", "od_error_median_norm", "od_error_median_norm_all", "od_within_radius", "od_n",
                          "fovea_found_rate", "fovea_error_median_norm", "fovea_error_median_norm_all", "fovea_within_tolerance", "fovea_n",
                          "zone_placed_rate", "zone_estimated_rate"]
        case .laterality: ["accuracy", "n_left", "n_right", "needs_review"]
        case .ridge: ["dice", "sensitivity", "specificity", "presence_accuracy"]
        case .quality: ["gradable_rate", "good", "bad", "not_a_fundus", "accuracy", "recall_good", "recall_bad", "recall_outlier"]
        case .lesion: ["auc", "sensitivity", "specificity", "accuracy", "threshold"]
        case .rop: ["auc", "sensitivity", "specificity", "accuracy", "threshold", "n_normal", "n_rop",
                    "auc_ci_low", "auc_ci_high", "sensitivity_ci_low", "sensitivity_ci_high", "specificity_ci_low", "specificity_ci_high"]
        }
        return keys + ["gated", "failed"]
    }

    /// Through the report path (`path: .report`, the default): `ReportPathTaskEvaluation` with the
    /// model in `directory`, or the bundled models as the server runs them when `directory` is nil.
    /// `path: .model` runs the network alone, as described below.
    public static func evaluate(_ task: AnalysisTask, model directory: URL?, manifest: Manifest, split: Split?, dataset: String, path: Path = .report,
                                fieldDiameter: Int? = nil, reducedPrecision: Bool = false, inferenceForm: Bool = false,
                                precision: ModelPrecision = .automatic) throws -> EvaluationResult {
        switch path {
        case .report: try ReportPathTaskEvaluation.evaluate(task, model: directory, manifest: manifest, split: split, dataset: dataset, precision: precision)
        case .model: try evaluateNetwork(task, model: directory ?? ModelBundle.bundledRoot().appendingPathComponent(task.rawValue), manifest: manifest,
                                  split: split, dataset: dataset, fieldDiameter: fieldDiameter, reducedPrecision: reducedPrecision, inferenceForm: inferenceForm)
        }
    }

    /// The network alone (`Path.model`): runs `task`'s evaluation with the model in `directory`. Vessels and ridge on the
    /// field of view scaled to `fieldDiameter` when given; `reducedPrecision` runs the
    /// U-Nets in bfloat16; `inferenceForm` runs every network in its float32 inference form
    /// (batch norm folded, channels-last: `InferencePreparable`), as reports do unless in bfloat16.
    static func evaluateNetwork(_ task: AnalysisTask, model directory: URL, manifest: Manifest, split: Split?, dataset: String,
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
        case .quality, .lesion, .rop:
            let classifier = try FundusClassifier(bundle: bundle)
            if inferenceForm { try classifier.prepareForInference() }
            return try ClassifierEvaluation.evaluate(classifier, manifest: manifest, split: split)
        }
    }

    /// Where a card keeps a split's figures: `<data set>/<split>` for the report path (what a
    /// doctor reads), `<data set>/<split> model only` for the network alone.
    public static func cardKey(dataset: String, split: Split?, path: Path) -> String {
        "\(dataset)/\(split?.rawValue ?? "all")" + (path == .model ? " model only" : "")
    }

    /// Metrics as a card stores them: the finite values, plus the row count.
    public static func recordable(_ result: EvaluationResult) -> [String: Double] {
        result.metrics.filter { $0.value.isFinite }.merging(["n": Double(result.n)]) { $1 }
    }

    /// The contract's metrics on one line.
    public static func summary(_ metrics: [String: Double], task: AnalysisTask, path: Path = .report) -> String {
        contractKeys(for: task, path: path).compactMap { key in metrics[key].map { String(format: "%@ %.4f", key, $0) } }.joined(separator: "  ")
    }

    /// The contract's JSON object: `{"task", "path", "n", "skipped", "metrics": {key: value or null}}`.
    public static func contractJSON(_ result: EvaluationResult, task: AnalysisTask, path: Path = .report) throws -> Data {
        let object: [String: Any] = [
            "task": task.rawValue, "path": path.rawValue, "n": result.n, "skipped": result.skipped,
            // A metric that has nothing to measure (no fovea labels, say) is null.
            "metrics": Dictionary(uniqueKeysWithValues: contractKeys(for: task, path: path).map { key -> (String, Any) in
                guard let value = result.metrics[key], value.isFinite else { return (key, NSNull()) }
                return (key, value)
            }),
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
