import ArgumentParser
import Foundation
import RetinaModels
import RetinaTraining

/// `ropscreen evaluate`: the evaluation contract that scripts call.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a model on a manifest split and print its metrics.")

    enum Task: String, ExpressibleByArgument, CaseIterable {
        case vessels, landmarks, laterality

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

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if let split, Split(rawValue: split) == nil { throw ValidationError("unknown split '\(split)'") }
    }

    func run() throws {
        let manifestURL = URL(fileURLWithPath: manifest)
        let parsed = try Manifest(contentsOf: manifestURL)
        let directory = model.map { URL(fileURLWithPath: $0) } ?? ModelBundle.bundledRoot().appendingPathComponent(task.rawValue)
        let dataset = manifestURL.deletingLastPathComponent().lastPathComponent
        let (n, metrics, skipped) = try Self.evaluate(task, model: directory, manifest: parsed, split: split.flatMap(Split.init), dataset: dataset)
        if json {
            let object: [String: Any] = [
                "task": task.rawValue, "n": n, "skipped": skipped,
                "metrics": Dictionary(uniqueKeysWithValues: task.contractKeys.map { ($0, metrics[$0] ?? .nan) }),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(task.rawValue) on \(manifest) \(split ?? "all") (n=\(n), \(skipped) rows without the label skipped)")
            print(Self.summary(metrics, task: task))
        }
    }

    /// Runs the task's evaluation with the model in `directory`: rows evaluated, metrics, rows skipped for lack of a label.
    static func evaluate(_ task: Task, model directory: URL, manifest: Manifest, split: Split?, dataset: String) throws -> (Int, [String: Double], Int) {
        let bundle = try ModelBundle(directory: directory)
        switch task {
        case .vessels:
            let r = try VesselEvaluation.evaluate(VesselSegmenter(bundle: bundle), manifest: manifest, split: split, dataset: dataset)
            return (r.n, r.metrics, r.skipped)
        case .landmarks:
            let r = try LandmarkEvaluation.evaluate(LandmarkDetector(bundle: bundle), manifest: manifest, split: split)
            return (r.n, r.metrics, r.skipped)
        case .laterality:
            let r = try LateralityEvaluation.evaluate(LateralityClassifier(bundle: bundle), manifest: manifest, split: split)
            return (r.n, r.metrics, r.skipped)
        }
    }

    static func summary(_ metrics: [String: Double], task: Task) -> String {
        task.contractKeys.compactMap { key in metrics[key].map { String(format: "%@ %.4f", key, $0) } }.joined(separator: "  ")
    }
}
