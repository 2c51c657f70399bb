import ArgumentParser
import Foundation
import RetinaData
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen calibrate`: chooses the landmark detector's found / not-found thresholds on the
/// recipe's validation rows, through the report path.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Choose the disc's and the fovea's found thresholds on the recipe's validation rows, through the report path.",
        discussion: "A point is right when the disc lies within its true radius, the fovea within 1.5% of the width. Each threshold is the lowest confidence at which at least --precision of the points found are right.")

    @Option(help: "What to calibrate: landmarks.")
    var task: String = "landmarks"

    @Option(help: "The recipe the model was trained with: its held-out validation rows are measured.")
    var recipe: String = "recipes/landmarks.json"

    @Option(help: "Model directory (default: the bundled landmarks model, or with --infant-cameras the bundled landmarks-infant).")
    var model: String?

    @Flag(help: "The model reads the infant cameras' photographs (RetCam, Neo), as landmarks-infant does: it is calibrated on those alone; without it, on the other photographs.")
    var infantCameras = false

    @Option(help: "Data root that the recipe's manifests are relative to (default: $ROPSCREEN_DATA or ../shared/data).")
    var data: String?

    @Option(help: "The share of found points that must be right, 0.5…1.")
    var precision: Double = 0.9

    @Flag(help: "Write the chosen thresholds (labelThresholds) and how they were chosen into the model's card.")
    var updateCard = false

    func validate() throws {
        guard task == "landmarks" else { throw ValidationError("only landmarks have found / not-found thresholds to calibrate") }
        guard (0.5 ... 1).contains(precision) else { throw ValidationError("--precision must be 0.5…1") }
    }

    func run() throws {
        let parsed = try Recipe.read(URL(fileURLWithPath: recipe))
        guard parsed.task == .landmarks else { throw ValidationError("\(recipe) is a \(parsed.task.rawValue) recipe, not landmarks") }
        let directory = model.map { URL(fileURLWithPath: $0) }
        let measured = try LandmarkCalibration.measure(recipe: parsed, dataRoot: DataRoot.resolve(data), model: directory,
                                                       infantCameras: infantCameras, precision: precision)
        let note = measured.note(precision: precision, recipe: recipe)
        print(note)
        guard updateCard else { return }
        let cardDirectory = directory ?? ModelBundle.bundledRoot().appendingPathComponent(infantCameras ? "landmarks-infant" : "landmarks")
        var card = try ModelCard.read(from: cardDirectory)
        var thresholds = card.labelThresholds ?? [:]
        for (landmark, choice) in measured.choices { thresholds[landmark.rawValue] = choice.threshold }
        card.labelThresholds = thresholds.isEmpty ? nil : thresholds
        card.record(notes: [note])
        try card.write(to: cardDirectory)
        print("wrote \(thresholds.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.sorted().joined(separator: ", ")) into \(cardDirectory.path)/card.json")
    }
}
