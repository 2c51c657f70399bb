import ArgumentParser
import Foundation
import RetinaData
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen calibrate`: chooses a model's decision thresholds on its recipe's validation rows,
/// through the report path: the landmark detector's found / not-found thresholds, or the quality
/// gate's threshold for calling a photograph ungradable.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Choose the landmarks' found thresholds, or the quality gate's bad threshold, on the recipe's validation rows, through the report path.",
        discussion: """
        landmarks: a point is right when the disc lies within its true radius, the fovea within 1.5% of the width. Each threshold is the lowest confidence at which at least --precision of the points found are right.
        quality: the lowest threshold on P(bad) / (P(bad) + P(good)) at which at least --gradable-recall of the held-out gradable photographs are called good, while every held-out bad photograph that the larger probability calls bad stays bad.
        """)

    enum Task: String, ExpressibleByArgument, CaseIterable {
        case landmarks, quality
    }

    @Option(help: "What to calibrate: landmarks or quality.")
    var task: Task = .landmarks

    @Option(help: "The recipe the model was trained with: its held-out validation rows are measured (default: recipes/<task>.json).")
    var recipe: String?

    @Option(help: "Model directory (default: the bundled model; for landmarks with --infant-cameras the bundled landmarks-infant).")
    var model: String?

    @Flag(help: "Landmarks: the model reads the infant cameras' photographs (RetCam, Neo), as landmarks-infant does: it is calibrated on those alone; without it, on the other photographs.")
    var infantCameras = false

    @Option(help: "Data root that the recipe's manifests are relative to (default: $ROPSCREEN_DATA or ../shared/data).")
    var data: String?

    @Option(help: "Landmarks: the share of found points that must be right, 0.5…1.")
    var precision: Double = 0.9

    @Option(help: "Quality: the share of held-out gradable photographs that must be called good, 0.5…1.")
    var gradableRecall: Double = 0.97

    @Flag(help: "Write the chosen thresholds (labelThresholds) and how they were chosen into the model's card.")
    var updateCard = false

    func validate() throws {
        guard (0.5 ... 1).contains(precision) else { throw ValidationError("--precision must be 0.5…1") }
        guard (0.5 ... 1).contains(gradableRecall) else { throw ValidationError("--gradable-recall must be 0.5…1") }
        if infantCameras, task != .landmarks { throw ValidationError("--infant-cameras is for --task landmarks") }
    }

    func run() throws {
        let recipePath = recipe ?? "recipes/\(task.rawValue).json"
        let parsed = try Recipe.read(URL(fileURLWithPath: recipePath))
        let expected: AnalysisTask = task == .landmarks ? .landmarks : .quality
        guard parsed.task == expected else { throw ValidationError("\(recipePath) is a \(parsed.task.rawValue) recipe, not \(task.rawValue)") }
        let directory = model.map { URL(fileURLWithPath: $0) }
        let dataRoot = DataRoot.resolve(data)
        let note: String
        var chosen: [String: Double] = [:]
        switch task {
        case .landmarks:
            let measured = try LandmarkCalibration.measure(recipe: parsed, dataRoot: dataRoot, model: directory,
                                                           infantCameras: infantCameras, precision: precision)
            note = measured.note(precision: precision, recipe: recipePath)
            for (landmark, choice) in measured.choices { chosen[landmark.rawValue] = choice.threshold }
        case .quality:
            let measured = try QualityCalibration.measure(recipe: parsed, dataRoot: dataRoot, model: directory, gradableRecall: gradableRecall)
            note = measured.note(gradableRecall: gradableRecall, recipe: recipePath)
            if let choice = measured.choice { chosen[QualityCalibration.label] = choice.threshold }
        }
        print(note)
        guard updateCard else { return }
        let bundled = task == .landmarks && infantCameras ? "landmarks-infant" : task.rawValue
        let cardDirectory = directory ?? ModelBundle.bundledRoot().appendingPathComponent(bundled)
        var card = try ModelCard.read(from: cardDirectory)
        let thresholds = (card.labelThresholds ?? [:]).merging(chosen) { $1 }
        card.labelThresholds = thresholds.isEmpty ? nil : thresholds
        card.record(notes: [note])
        try card.write(to: cardDirectory)
        print("wrote \(thresholds.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.sorted().joined(separator: ", ")) into \(cardDirectory.path)/card.json")
    }
}
