import Foundation
import FundusImaging
import RetinaData
import RetinaEvaluation
import RetinaModels
import Testing
import Torch
@testable import RetinaTraining

@Suite("Search within a budget")
struct RecipeSearchTests {
    @Test("Variations change what they name and nothing else; those that do not apply are left out")
    func variations() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("variations-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let recipe = try TinyLateralityRecipe.make(in: root)
        #expect(RecipeVariation.standard(for: recipe).count == 6, "no transfer start: no from-scratch trial")
        #expect(RecipeVariation.learningRate(factor: 2).applied(to: recipe)?.learningRate == 0.02)
        #expect(RecipeVariation.inputSize(factor: 0.75).applied(to: recipe)?.preprocessing.inputSize == 64, "48 rounds to a multiple of 32")
        let stronger = try #require(RecipeVariation.augmentation(factor: 1.5).applied(to: recipe))
        #expect(stronger.geometry.rotationDegrees == -7.5 ... 7.5 && stronger.photometry.brightness == -7.5 ... 7.5)
        #expect(stronger.photometry.contrast == 1 ... 1 && stronger.learningRate == recipe.learningRate)
        #expect(RecipeVariation.fromScratch.applied(to: recipe) == nil)
    }

    @Test("Trials stop when the mean trial no longer fits the budget; the best on validation is chosen, written and recorded")
    func budgetAndChoice() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let recipe = try TinyLateralityRecipe.make(in: root)
        var run = RecipeRun(recipe: recipe, recipePath: "recipes/laterality-tiny.json", dataRoot: root,
                            work: root.appendingPathComponent("work"), outputDirectory: root.appendingPathComponent("model"))
        run.showsProgress = false
        // A clock that a stand-in trainer moves by 10 s per trial, and validation that prefers the lower learning rate.
        let clock = ClockBox()
        let stand: (RecipeRun) throws -> TrainedModel = { trial in
            clock.seconds += 10
            let network = try trial.recipe.architecture.build(generator: try RandomGenerator(seed: 1))
            var card = trial.recipe.card(labels: ["left", "right"])
            card.metrics["validation"] = ["accuracy": trial.recipe.learningRate < 0.01 ? 0.9 : 0.6]
            return TrainedModel(network: network, card: card)
        }
        let start = Date(timeIntervalSince1970: 0)
        let outcome = try RecipeSearch(run: run, budgetSeconds: 25).search(train: stand, now: { start.addingTimeInterval(clock.seconds) }, report: { _ in })
        #expect(outcome.trials.map(\.status) == [.completed, .completed] + Array(repeating: .skippedForBudget, count: 4))
        #expect(outcome.chosen == 1 && outcome.trials[1].variation == .learningRate(factor: 0.5))
        let card = try ModelCard.read(from: run.outputDirectory)
        #expect(card.metrics["validation"]?["accuracy"] == 0.9)
        #expect(card.notes.contains { $0.contains("budgeted search") })
        let recorded = try JSONDecoder().decode(RecipeSearch.Outcome.self, from: Data(contentsOf: run.work.appendingPathComponent("search.json")))
        #expect(recorded.trials.count == 6 && recorded.chosen == 1)
    }

    @Test("A real search of two variations trains both with the recipe's seed and keeps the better validation accuracy")
    func realTrials() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("search-real-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        var run = RecipeRun(recipe: try TinyLateralityRecipe.make(in: root), recipePath: "recipes/laterality-tiny.json", dataRoot: root,
                            work: root.appendingPathComponent("work"), outputDirectory: root.appendingPathComponent("model"))
        run.showsProgress = false
        let outcome = try RecipeSearch(run: run, budgetSeconds: 3600, variations: [.recipe, .learningRate(factor: 0.1)]).search(report: { _ in })
        #expect(outcome.trials.allSatisfy { $0.status == .completed }, "\(outcome.trials.map(\.failure))")
        let accuracies = outcome.trials.map { $0.validation["accuracy"] ?? -1 }
        let chosen = try #require(outcome.chosen)
        #expect(accuracies[chosen] == accuracies.max())
        _ = try ModelBundle(directory: run.outputDirectory)
    }
}

/// The stand-in clock of the budget test.
final class ClockBox: @unchecked Sendable { var seconds: Double = 0 }
