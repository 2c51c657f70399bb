import ArgumentParser
import Foundation
import RetinaData
import RetinaEvaluation
import RetinaModels
import RetinaTraining

/// `ropscreen search RECIPE --budget-minutes M`: the recipe's standard variations within a
/// wall-clock budget, chosen on validation; the chosen model written like `train` writes one.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Try variations of a recipe (learning rate, input size, augmentation, backbone start) within a time budget; keep the best on validation.",
        discussion: "Every trial, run or skipped for the budget, is recorded with its recipe in WORK/search.json. The test split is not looked at.")

    @Argument(help: "Recipe file (JSON).")
    var recipe: String

    @Option(help: "Wall-clock minutes for all trials together (a trial starts only while the mean trial still fits).")
    var budgetMinutes: Double

    @Option(help: "Steps per trial (default: the recipe's).")
    var steps: Int?

    @Option(help: "Data root that the recipe's manifests are relative to (default: $ROPSCREEN_DATA or ../shared/data).")
    var data: String?

    @Option(help: "Model directory for the chosen trial (default: runs/<recipe name>-search/model).")
    var output: String?

    @Option(help: "Working directory for the trials and search.json (default: runs/<recipe name>-search).")
    var work: String?

    func validate() throws {
        if !(budgetMinutes > 0) { throw ValidationError("--budget-minutes must be positive") }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
    }

    func run() throws {
        var parsed = try Recipe.read(URL(fileURLWithPath: recipe))
        if let steps { parsed.trainer.steps = steps }
        let workURL = URL(fileURLWithPath: work ?? "runs/\(parsed.name)-search")
        let outputURL = URL(fileURLWithPath: output ?? workURL.appendingPathComponent("model").path)
        let run = RecipeRun(recipe: parsed, recipePath: recipe, dataRoot: DataRoot.resolve(data), work: workURL, outputDirectory: outputURL)
        let outcome = try RecipeSearch(run: run, budgetSeconds: budgetMinutes * 60).search()
        print("\(outcome.trials.filter { $0.status == .completed }.count) of \(outcome.trials.count) trial(s) run in \(Int(outcome.elapsedSeconds)) s; record in \(workURL.path)/search.json")
        if outcome.chosen == nil { throw ExitCode(1) }
    }
}
