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

    @Option(help: "What to evaluate: \(EvaluatedTask.names.joined(separator: ", ")).")
    var task: EvaluatedTask

    @Option(help: "Manifest file (CSV).")
    var manifest: String

    @Option(help: "Split to evaluate: train, validation or test; all rows when omitted.")
    var split: String?

    @Option(help: "Model directory (default: the bundled model).")
    var model: String?

    @Flag(help: "Measure the network alone, not the report: full resolution (mirror averaging where the card asks), every peak whatever its confidence, no quality gate. Without it, every task goes through the report's own path: the bundled models around the evaluated one, the server's settings, thresholds and quality gate.")
    var modelOnly = false

    @Option(help: "With --model-only, vessels and ridge: run on the field of view scaled to this diameter, without mirror averaging.")
    var fieldDiameter: Int?

    @Flag(help: "With --model-only, vessels, ridge and landmarks: compute in bfloat16.")
    var bfloat16 = false

    @Flag(help: "With --model-only: run the network in its float32 inference form (batch norm folded, channels-last).")
    var inferenceForm = false

    @Option(help: "The report path's U-Net arithmetic, as `serve --precision`: auto, float32, bfloat16 or int8.")
    var precision: ModelPrecision = .automatic

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Record the metrics in the model's card under \"<data set>/<split>\".")
    var updateCard = false

    @OptionGroup(title: "Synthesis")
    var synthesis: SynthesisEvaluationOptions

    func validate() throws {
        guard let task = task.analysis else {
            if split != nil || fieldDiameter != nil || bfloat16 || inferenceForm || precision != .automatic {
                throw ValidationError("--task synthesis measures the train and test splits in float32; --split, --field-diameter, --bfloat16 and --inference-form do not apply")
            }
            return
        }
        if let split, Split(rawValue: split) == nil { throw ValidationError("unknown split '\(split)'") }
        if !modelOnly, fieldDiameter != nil || bfloat16 || inferenceForm {
            throw ValidationError("--field-diameter, --bfloat16 and --inference-form set how the network alone runs: add --model-only (the report path runs as the server does)")
        }
        if modelOnly, precision != .automatic { throw ValidationError("--precision sets the report path's arithmetic; the network alone takes --bfloat16 or --inference-form") }
        if let fieldDiameter, fieldDiameter < 16 || fieldDiameter > 8192 { throw ValidationError("--field-diameter must be 16…8192") }
        if fieldDiameter != nil, task != .vessels, task != .ridge { throw ValidationError("--field-diameter applies to vessels and ridge only") }
        if bfloat16, ![AnalysisTask.vessels, .ridge, .landmarks].contains(task) { throw ValidationError("--bfloat16 applies to vessels, ridge and landmarks only") }
    }

    func run() throws {
        guard let task = task.analysis else {
            return try synthesis.run(manifest: URL(fileURLWithPath: manifest), model: model, json: json, updateCard: updateCard)
        }
        let manifestURL = URL(fileURLWithPath: manifest)
        let parsed = try Manifest(contentsOf: manifestURL)
        let path: ModelEvaluation.Path = modelOnly ? .model : .report
        let directory = model.map { URL(fileURLWithPath: $0) }
        let dataset = manifestURL.deletingLastPathComponent().lastPathComponent
        let result = try ModelEvaluation.evaluate(task, model: directory, manifest: parsed, split: split.flatMap(Split.init), dataset: dataset, path: path,
                                                  fieldDiameter: fieldDiameter, reducedPrecision: bfloat16, inferenceForm: inferenceForm,
                                                  precision: precision)
        let (n, metrics, skipped) = (result.n, result.metrics, result.skipped)
        if updateCard {
            let cardDirectory = directory ?? ModelBundle.bundledRoot().appendingPathComponent(task.rawValue)
            var card = try ModelCard.read(from: cardDirectory)
            card.metrics[ModelEvaluation.cardKey(dataset: dataset, split: split.flatMap(Split.init), path: path)
                         + (fieldDiameter.map { " field \($0) px" } ?? "") + (bfloat16 ? " bfloat16" : "")
                         + (precision == .automatic ? "" : " \(precision.rawValue)")] = ModelEvaluation.recordable(result)
            card.record(notes: result.notes)
            try card.write(to: cardDirectory)
        }
        if json {
            print(String(decoding: try ModelEvaluation.contractJSON(result, task: task, path: path), as: UTF8.self))
        } else {
            print("\(task.rawValue) on \(manifest) \(split ?? "all"), \(modelOnly ? "the network alone" : "through the report path") (n=\(n), \(skipped) rows without the label skipped)")
            print(ModelEvaluation.summary(metrics, task: task, path: path))
        }
    }
}

extension AnalysisTask: ExpressibleByArgument {}

/// What `evaluate --task` names: a model of one of the analysis tasks, or the bundled generator.
enum EvaluatedTask: ExpressibleByArgument, Equatable {
    case analysis(AnalysisTask)
    case synthesis

    init?(argument: String) {
        if argument == "synthesis" { self = .synthesis } else if let task = AnalysisTask(rawValue: argument) { self = .analysis(task) } else { return nil }
    }

    static var names: [String] { AnalysisTask.allCases.map(\.rawValue) + ["synthesis"] }
    static var allValueStrings: [String] { names }

    var analysis: AnalysisTask? { if case .analysis(let task) = self { task } else { nil } }
}
