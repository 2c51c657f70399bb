import ArgumentParser
import Foundation
import RetinaData
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen train RECIPE`: runs a committed recipe and writes weights plus model card.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a model from a recipe file and write its weights and model card.")

    @Argument(help: "Recipe file (JSON), e.g. recipes/vessels.json.")
    var recipe: String

    @Option(help: "Data root that the recipe's manifests are relative to (default: $ROPSCREEN_DATA or ../shared/data).")
    var data: String?

    @Option(help: "Model directory to write (default: Models/<recipe name>).")
    var output: String?

    @Option(help: "Working directory for checkpoints and the training log (default: runs/<recipe name>).")
    var work: String?

    @Flag(help: "Continue from the working directory's checkpoint.")
    var resume = false

    @Option(help: "Override the recipe's step count (for a quick trial; the card records the steps run).")
    var steps: Int?

    @Flag(help: "Skip the test-split evaluation written into the card.")
    var skipEvaluation = false

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
    }

    func run() throws {
        var parsed = try Recipe.read(URL(fileURLWithPath: recipe))
        if let steps { parsed.trainer.steps = steps }
        let root = DataRoot.resolve(data)
        let outputURL = URL(fileURLWithPath: output ?? "Models/\(parsed.name)")
        let workURL = URL(fileURLWithPath: work ?? "runs/\(parsed.name)")
        let task = parsed.task
        var run = RecipeRun(recipe: parsed, recipePath: recipe, dataRoot: root, work: workURL, outputDirectory: outputURL)
        run.resume = resume
        var card: ModelCard
        switch task {
        case .vessels: card = try SegmentationTraining.run(run, target: .vessels)
        case .ridge: card = try SegmentationTraining.run(run, target: .ridge)
        case .quality, .lesion, .rop: card = try ClassifierTraining.run(run)
        case .landmarks: card = try LandmarkTraining.run(run)
        case .laterality: card = try LateralityTraining.run(run)
        }
        if !skipEvaluation {
            // The same code path as `ropscreen evaluate`, on the test split of every data set the recipe used.
            for path in parsed.manifests {
                let dataset = (path as NSString).deletingLastPathComponent
                let manifest = try Manifest(contentsOf: root.appendingPathComponent(path))
                let result = try ModelEvaluation.evaluate(task, model: outputURL, manifest: manifest, split: .test, dataset: dataset)
                card.metrics["\(dataset)/test"] = ModelEvaluation.recordable(result)
                card.record(notes: result.notes)
                print("\(dataset) test (n=\(result.n)): " + ModelEvaluation.summary(result.metrics, task: task))
            }
            try card.write(to: outputURL)
        }
        print("wrote \(outputURL.path)/\(ModelCard.weightsFileName) and \(ModelCard.fileName)")
    }
}
