import Foundation
import RetinaModels
import RetinaTraining

/// The search within a budget (issue 18, part 3): a recipe's standard variations
/// trained one after another, each with the recipe's seed and validation rows, until
/// the wall-clock budget would be overrun; the one with the best validation figure
/// (the recipe's monitor) is chosen. The test split is never looked at. Every trial,
/// run or skipped, is recorded with its recipe.
public struct RecipeSearch {
    public let run: RecipeRun
    public var variations: [RecipeVariation]
    /// Wall-clock seconds for all trials together; a trial starts only while the
    /// time used plus the mean trial so far fits in it (the first always runs).
    public var budgetSeconds: Double

    public init(run: RecipeRun, budgetSeconds: Double, variations: [RecipeVariation]? = nil) {
        self.run = run
        self.budgetSeconds = budgetSeconds
        self.variations = variations ?? RecipeVariation.standard(for: run.recipe)
    }

    public struct Trial: Codable, Sendable {
        public var variation: RecipeVariation
        public var recipe: Recipe
        public var status: Status
        /// The validation figures of its best checkpoint.
        public var validation: [String: Double]
        public var seconds: Double

        public enum Status: String, Codable, Sendable {
            case completed
            case skippedForBudget = "skipped: budget"
            case failed
        }
        public var failure: String?
    }

    /// The record of a search, written as `search.json` in the work folder.
    public struct Outcome: Codable, Sendable {
        public var recipe: String
        public var monitor: String
        public var higherIsBetter: Bool
        public var budgetSeconds: Double
        public var elapsedSeconds: Double
        public var trials: [Trial]
        /// Index of the chosen trial in `trials`.
        public var chosen: Int?
    }

    /// Runs the trials; the chosen trial's model is written to the run's output folder
    /// (its card records the search), and the outcome to `work/search.json`.
    /// `train` is the task's trainer (a test gives a quick stand-in).
    public func search(train: (RecipeRun) throws -> TrainedModel = RecipeTraining.train,
                       now: () -> Date = Date.init, report: (String) -> Void = { print($0) }) throws -> Outcome {
        let monitor = run.recipe.trainer.monitor, higher = run.recipe.trainer.higherIsBetter
        var outcome = Outcome(recipe: run.recipePath, monitor: monitor, higherIsBetter: higher, budgetSeconds: budgetSeconds,
                              elapsedSeconds: 0, trials: [], chosen: nil)
        let started = now()
        var best: (index: Int, value: Double, model: TrainedModel)?
        for (index, variation) in variations.enumerated() {
            guard let recipe = variation.applied(to: run.recipe) else { continue }
            let used = now().timeIntervalSince(started)
            let ran = outcome.trials.filter { $0.status != .skippedForBudget }
            let mean = ran.isEmpty ? 0 : ran.map(\.seconds).reduce(0, +) / Double(ran.count)
            if !ran.isEmpty, used + mean > budgetSeconds {
                outcome.trials.append(Trial(variation: variation, recipe: recipe, status: .skippedForBudget, validation: [:], seconds: 0))
                continue
            }
            var trialRun = RecipeRun(recipe: recipe, recipePath: run.recipePath, dataRoot: run.dataRoot,
                                     work: run.work.appendingPathComponent(String(format: "trial-%02d", index)), outputDirectory: run.outputDirectory)
            trialRun.showsProgress = run.showsProgress
            trialRun.afterStep = run.afterStep
            let trialStart = now()
            do {
                let model = try train(trialRun)
                let validation = model.card.metrics["validation"] ?? [:]
                let seconds = now().timeIntervalSince(trialStart)
                outcome.trials.append(Trial(variation: variation, recipe: recipe, status: .completed, validation: validation, seconds: seconds))
                let value = validation[monitor] ?? .nan
                report("trial \(index) (\(variation)): validation \(monitor) \(String(format: "%.4f", value)) in \(Int(seconds)) s")
                if value.isFinite, best.map({ higher ? value > $0.value : value < $0.value }) ?? true {
                    best = (outcome.trials.count - 1, value, model)
                }
            } catch {
                outcome.trials.append(Trial(variation: variation, recipe: recipe, status: .failed, validation: [:],
                                            seconds: now().timeIntervalSince(trialStart), failure: "\(error)"))
                report("trial \(index) (\(variation)) failed: \(error)")
            }
        }
        outcome.elapsedSeconds = now().timeIntervalSince(started)
        if var chosen = best {
            outcome.chosen = chosen.index
            let trial = outcome.trials[chosen.index]
            chosen.model.card.record(notes: ["Chosen by a budgeted search (\(Int(budgetSeconds)) s) on validation \(monitor) among \(outcome.trials.filter { $0.status == .completed }.count) trial(s): \(trial.variation)."])
            try chosen.model.write(to: run.outputDirectory)
            report("chosen: trial \(chosen.index) (\(trial.variation)), validation \(monitor) \(String(format: "%.4f", chosen.value))")
        }
        try FileManager.default.createDirectory(at: run.work, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(outcome).write(to: run.work.appendingPathComponent("search.json"), options: .atomic)
        return outcome
    }
}
