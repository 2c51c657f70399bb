import ArgumentParser
import Foundation
import RetinaModels
import RetinaTraining

/// `ropscreen evaluate`: the evaluation contract that scripts call.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a model on a manifest split and print its metrics.")

    enum Task: String, ExpressibleByArgument, CaseIterable { case vessels }

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
        switch task {
        case .vessels:
            let segmenter = try model.map { try VesselSegmenter(bundle: ModelBundle(directory: URL(fileURLWithPath: $0))) }
                ?? VesselSegmenter.bundled()
            let dataset = manifestURL.deletingLastPathComponent().lastPathComponent
            let result = try VesselEvaluation.evaluate(segmenter, manifest: parsed, split: split.flatMap(Split.init), dataset: dataset)
            let keys = ["f1", "auc", "sensitivity", "specificity", "accuracy"]
            if json {
                let object: [String: Any] = [
                    "task": task.rawValue, "n": result.n,
                    "metrics": Dictionary(uniqueKeysWithValues: keys.map { ($0, result.metrics[$0] ?? .nan) }),
                ]
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            } else {
                print("\(task.rawValue) on \(manifest) \(split ?? "all") (n=\(result.n), skipped \(result.skipped) without labels)")
                print(Self.summary(result.metrics))
            }
        }
    }

    static func summary(_ metrics: [String: Double]) -> String {
        ["f1", "auc", "sensitivity", "specificity", "accuracy"].compactMap { key in
            metrics[key].map { String(format: "%@ %.4f", key, $0) }
        }.joined(separator: "  ")
    }
}
