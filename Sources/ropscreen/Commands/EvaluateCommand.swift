import ArgumentParser
import Foundation
import RetinaAnalysis
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen evaluate`: the evaluation contract that scripts call.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a model on a manifest split and print its metrics.")

    enum Task: String, ExpressibleByArgument, CaseIterable {
        case vessels, landmarks, laterality, ridge, quality, lesion, rop

        init(recipeTask: String) throws {
            guard let task = Task(rawValue: recipeTask) else {
                throw ValidationError("unknown task '\(recipeTask)' (known: \(Task.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            self = task
        }

        /// The metrics the evaluation contract prints for this task.
        var contractKeys: [String] {
            switch self {
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
    }

    @Option(help: "What to evaluate: \(Task.allCases.map(\.rawValue).joined(separator: ", ")).")
    var task: Task

    @Option(help: "Manifest file (CSV).")
    var manifest: String

    @Option(help: "Split to evaluate: train, validation or test; all rows when omitted.")
    var split: String?

    @Option(help: "Model directory (default: the bundled model).")
    var model: String?

    @Option(help: "Vessels and ridge: run on the field of view scaled to this diameter, without mirror averaging, as reports do (default: full resolution).")
    var fieldDiameter: Int?

    @Flag(help: "Vessels, ridge and landmarks: compute in bfloat16, as reports do on CPUs with native bfloat16.")
    var bfloat16 = false

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Record the metrics in the model's card under \"<data set>/<split>\".")
    var updateCard = false

    func validate() throws {
        if let split, Split(rawValue: split) == nil { throw ValidationError("unknown split '\(split)'") }
        if let fieldDiameter, fieldDiameter < 16 || fieldDiameter > 8192 { throw ValidationError("--field-diameter must be 16…8192") }
        if fieldDiameter != nil, task != .vessels, task != .ridge { throw ValidationError("--field-diameter applies to vessels and ridge only") }
        if bfloat16, ![Task.vessels, .ridge, .landmarks].contains(task) { throw ValidationError("--bfloat16 applies to vessels, ridge and landmarks only") }
    }

    func run() throws {
        let manifestURL = URL(fileURLWithPath: manifest)
        let parsed = try Manifest(contentsOf: manifestURL)
        let directory = model.map { URL(fileURLWithPath: $0) } ?? ModelBundle.bundledRoot().appendingPathComponent(task.rawValue)
        let dataset = manifestURL.deletingLastPathComponent().lastPathComponent
        let result = try Self.evaluate(task, model: directory, manifest: parsed, split: split.flatMap(Split.init), dataset: dataset,
                                       fieldDiameter: fieldDiameter, reducedPrecision: bfloat16)
        let (n, metrics, skipped) = (result.n, result.metrics, result.skipped)
        if updateCard {
            var card = try ModelCard.read(from: directory)
            card.metrics["\(dataset)/\(split ?? "all")" + (fieldDiameter.map { " field \($0) px" } ?? "") + (bfloat16 ? " bfloat16" : "")] = Self.recordable(metrics, n: n)
            card.record(notes: result.notes)
            try card.write(to: directory)
        }
        if json {
            let object: [String: Any] = [
                "task": task.rawValue, "n": n, "skipped": skipped,
                // A metric that has nothing to measure (no fovea labels, say) is null.
                "metrics": Dictionary(uniqueKeysWithValues: task.contractKeys.map { key -> (String, Any) in
                    guard let value = metrics[key], value.isFinite else { return (key, NSNull()) }
                    return (key, value)
                }),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(task.rawValue) on \(manifest) \(split ?? "all") (n=\(n), \(skipped) rows without the label skipped)")
            print(Self.summary(metrics, task: task))
        }
    }

    /// Runs the task's evaluation with the model in `directory`: rows evaluated, metrics, rows skipped for lack of a label.
    static func evaluate(_ task: Task, model directory: URL, manifest: Manifest, split: Split?, dataset: String,
                         fieldDiameter: Int? = nil, reducedPrecision: Bool = false) throws -> EvaluationResult {
        let bundle = try ModelBundle(directory: directory)
        switch task {
        case .vessels, .ridge:
            let target: SegmentationTarget = task == .vessels ? .vessels : .ridge
            let segmenter = Segmenter(bundle: bundle)
            if reducedPrecision { try segmenter.useReducedPrecision() }
            let r = try SegmentationEvaluation.evaluate(segmenter, manifest: manifest, split: split, dataset: dataset, target: target,
                                                        fieldDiameter: fieldDiameter)
            return r
        case .landmarks:
            let detector = LandmarkDetector(bundle: bundle)
            if reducedPrecision { try detector.useReducedPrecision() }
            let r = try LandmarkEvaluation.evaluate(detector, manifest: manifest, split: split)
            return r
        case .laterality:
            let r = try LateralityEvaluation.evaluate(LateralityClassifier(bundle: bundle), manifest: manifest, split: split)
            return r
        case .rop:
            let r = ROPEvaluation(rop: try FundusClassifier(bundle: bundle), quality: try AnalysisModels.bundled().quality,
                                  manifest: manifest, split: split, dataset: dataset)
            return EvaluationResult(n: r.outcomes.count, metrics: r.metrics, skipped: r.skipped,
                                    notes: [r.tradeOffNote(split: "\(dataset)/\(split?.rawValue ?? "all")")])
        case .quality, .lesion:
            let r = try ClassifierEvaluation.evaluate(FundusClassifier(bundle: bundle), manifest: manifest, split: split)
            return r
        }
    }

    /// Metrics as a card stores them: the finite values, plus the row count.
    static func recordable(_ metrics: [String: Double], n: Int) -> [String: Double] {
        metrics.filter { $0.value.isFinite }.merging(["n": Double(n)]) { $1 }
    }

    static func summary(_ metrics: [String: Double], task: Task) -> String {
        task.contractKeys.compactMap { key in metrics[key].map { String(format: "%@ %.4f", key, $0) } }.joined(separator: "  ")
    }
}
