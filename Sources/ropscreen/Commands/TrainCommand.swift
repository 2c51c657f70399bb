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
        if SynthesisRecipe.describes(URL(fileURLWithPath: recipe)) { return try trainGenerator() }
        var parsed = try Recipe.read(URL(fileURLWithPath: recipe))
        if let steps { parsed.trainer.steps = steps }
        let root = DataRoot.resolve(data)
        let outputURL = URL(fileURLWithPath: output ?? "Models/\(parsed.name)")
        let workURL = URL(fileURLWithPath: work ?? "runs/\(parsed.name)")
        var run = RecipeRun(recipe: parsed, recipePath: recipe, dataRoot: root, work: workURL, outputDirectory: outputURL)
        run.resume = resume
        _ = try RecipeTraining.run(run, evaluateOnTest: !skipEvaluation)
        print("wrote \(outputURL.path)/\(ModelCard.weightsFileName) and \(ModelCard.fileName)")
    }

    /// A synthesis recipe (`"task": "synthesis"`) trains the conditional GAN and bundles its averaged generator.
    func trainGenerator() throws {
        var parsed = try SynthesisRecipe.read(URL(fileURLWithPath: recipe))
        if let steps { parsed.steps = steps }
        let outputURL = URL(fileURLWithPath: output ?? "Models/\(parsed.name)")
        var run = SynthesisTraining(recipe: parsed, recipePath: recipe, dataRoot: DataRoot.resolve(data),
                                    work: URL(fileURLWithPath: work ?? "runs/\(parsed.name)"), outputDirectory: outputURL)
        run.resume = resume
        _ = try run.run()
        print("wrote \(outputURL.path)/\(SynthesisCard.weightsFileName) and \(SynthesisCard.fileName) (measure it with ropscreen evaluate --task synthesis)")
    }
}
