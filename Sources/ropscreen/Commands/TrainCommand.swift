import ArgumentParser
import Foundation
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

    func run() throws {
        var parsed = try Recipe.read(URL(fileURLWithPath: recipe))
        if let steps { parsed.trainer.steps = steps }
        switch parsed.task {
        case "vessels":
            let vesselRecipe = parsed
            let root = DataRoot.resolve(data)
            let outputURL = URL(fileURLWithPath: output ?? "Models/\(vesselRecipe.name)")
            let training = VesselTraining(recipe: vesselRecipe, recipePath: recipe, dataRoot: root, outputDirectory: outputURL)
            var card = try training.run(resume: resume, work: URL(fileURLWithPath: work ?? "runs/\(vesselRecipe.name)"))
            if !skipEvaluation {
                let segmenter = try VesselSegmenter(bundle: ModelBundle(directory: outputURL))
                for path in vesselRecipe.manifests {
                    let dataset = (path as NSString).deletingLastPathComponent
                    let result = try VesselEvaluation.evaluate(
                        segmenter, manifest: Manifest(contentsOf: root.appendingPathComponent(path)), split: .test, dataset: dataset)
                    card.metrics["\(dataset)/test"] = result.metrics.merging(["n": Double(result.n)]) { $1 }
                    print("\(dataset) test (n=\(result.n)): " + EvaluateCommand.summary(result.metrics))
                }
                try card.write(to: outputURL)
            }
            print("wrote \(outputURL.path)/\(ModelCard.weightsFileName) and \(ModelCard.fileName)")
        default:
            throw ValidationError("unknown task '\(parsed.task)' in \(recipe) (known: vessels)")
        }
    }
}
