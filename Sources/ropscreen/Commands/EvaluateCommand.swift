import ArgumentParser
import Foundation
import RetinaAnalysis
import RetinaData
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen evaluate`: the evaluation contract that scripts call.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Evaluate a model on a manifest split and print its metrics.")

    @Option(help: "What to evaluate: \(AnalysisTask.allCases.map(\.rawValue).joined(separator: ", ")).")
    var task: AnalysisTask

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

    @Flag(help: "Run the networks in their float32 inference form (batch norm folded, channels-last), as reports do unless in bfloat16.")
    var inferenceForm = false

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Record the metrics in the model's card under \"<data set>/<split>\".")
    var updateCard = false

    func validate() throws {
        if let split, Split(rawValue: split) == nil { throw ValidationError("unknown split '\(split)'") }
        if let fieldDiameter, fieldDiameter < 16 || fieldDiameter > 8192 { throw ValidationError("--field-diameter must be 16…8192") }
        if fieldDiameter != nil, task != .vessels, task != .ridge { throw ValidationError("--field-diameter applies to vessels and ridge only") }
        if bfloat16, ![AnalysisTask.vessels, .ridge, .landmarks].contains(task) { throw ValidationError("--bfloat16 applies to vessels, ridge and landmarks only") }
    }

    func run() throws {
        let manifestURL = URL(fileURLWithPath: manifest)
        let parsed = try Manifest(contentsOf: manifestURL)
        let directory = model.map { URL(fileURLWithPath: $0) } ?? ModelBundle.bundledRoot().appendingPathComponent(task.rawValue)
        let dataset = manifestURL.deletingLastPathComponent().lastPathComponent
        let result = try ModelEvaluation.evaluate(task, model: directory, manifest: parsed, split: split.flatMap(Split.init), dataset: dataset,
                                       fieldDiameter: fieldDiameter, reducedPrecision: bfloat16, inferenceForm: inferenceForm)
        let (n, metrics, skipped) = (result.n, result.metrics, result.skipped)
        if updateCard {
            var card = try ModelCard.read(from: directory)
            card.metrics["\(dataset)/\(split ?? "all")" + (fieldDiameter.map { " field \($0) px" } ?? "") + (bfloat16 ? " bfloat16" : "")] = ModelEvaluation.recordable(result)
            card.record(notes: result.notes)
            try card.write(to: directory)
        }
        if json {
            print(String(decoding: try ModelEvaluation.contractJSON(result, task: task), as: UTF8.self))
        } else {
            print("\(task.rawValue) on \(manifest) \(split ?? "all") (n=\(n), \(skipped) rows without the label skipped)")
            print(ModelEvaluation.summary(metrics, task: task))
        }
    }
}

extension AnalysisTask: ExpressibleByArgument {}
