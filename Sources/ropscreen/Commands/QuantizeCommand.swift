import ArgumentParser
import Foundation
import RetinaData
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen quantize`: measures the activation ranges of a U-Net's int8 form on training
/// photographs and writes them beside the model's weights (`int8-calibration.json`), which
/// makes `serve --precision auto` run that U-Net in int8. Write it only for a model whose
/// test figures hold in int8 (`evaluate` with `--precision int8` under `serve`'s settings).
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Calibrate a U-Net's int8 form on training photographs through the report path, and write the calibration into its bundle.")

    @Option(help: "Which U-Net: \(Int8Calibration.tasks.map(\.rawValue).joined(separator: ", ")).")
    var task: AnalysisTask

    @Option(help: "The recipe the model was trained with: its manifests' training rows are run (default: recipes/<task>.json; recipes/landmarks-infant.json with --infant-cameras).")
    var recipe: String?

    @Option(help: "Model directory (default: the bundled model).")
    var model: String?

    @Flag(help: "Landmarks: calibrate the infant detector (landmarks-infant), which reads the RetCam and Neo photographs.")
    var infantCameras = false

    @Option(help: "Training photographs per manifest.")
    var photographs = 8

    @Option(parsing: .upToNextOption, help: "More manifests (relative to the data root) whose training photographs are run too; by default the infant photographs, which every report path reads.")
    var also: [String] = ["HVDROPDB-full/manifest.csv"]

    @Option(help: "Data root that the manifests are relative to (default: $ROPSCREEN_DATA or ../shared/data).")
    var data: String?

    @Option(help: "Write the calibration here instead of the model's directory.")
    var output: String?

    func validate() throws {
        guard Int8Calibration.tasks.contains(task) else { throw ValidationError("--task must be one of \(Int8Calibration.tasks.map(\.rawValue).joined(separator: ", "))") }
        guard (1 ... 500).contains(photographs) else { throw ValidationError("--photographs must be 1…500") }
        if infantCameras, task != .landmarks { throw ValidationError("--infant-cameras is for --task landmarks") }
    }

    func run() throws {
        let recipePath = recipe ?? "recipes/\(infantCameras ? "landmarks-infant" : task.rawValue).json"
        let parsed = try Recipe.read(URL(fileURLWithPath: recipePath))
        guard parsed.task == task else { throw ValidationError("\(recipePath) is a \(parsed.task.rawValue) recipe, not \(task.rawValue)") }
        let directory = model.map { URL(fileURLWithPath: $0) }
        let ranges = try Int8Calibration.measure(task: task, recipe: parsed, dataRoot: DataRoot.resolve(data), model: directory,
                                                 infantCameras: infantCameras, photographs: photographs, extraManifests: also)
        let bundled = task == .landmarks && infantCameras ? "landmarks-infant" : task.rawValue
        let target = output.map { URL(fileURLWithPath: $0) } ?? directory ?? ModelBundle.bundledRoot().appendingPathComponent(bundled)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try ranges.write(to: target)
        print("\(ranges.ranges.count) activation ranges over \(ranges.inputs) network inputs from \(ranges.source)\nwritten to \(target.appendingPathComponent(UNetActivationRanges.fileName).path)")
    }
}
