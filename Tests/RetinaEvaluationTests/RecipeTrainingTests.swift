import Foundation
import FundusImaging
import RetinaData
import RetinaEvaluation
import RetinaModels
@testable import RetinaTraining
import Testing

@Suite("Recipe training")
struct RecipeTrainingTests {
    @Test("A recipe run writes its bundle once, at the end, with validation and test-split figures in the card")
    func trainsEvaluatesWritesOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("recipe-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        var recipe = try TinyLateralityRecipe.make(in: root)
        recipe.preprocessing.inputSize = 48
        recipe.trainer.steps = 20
        var run = RecipeRun(recipe: recipe, recipePath: "recipes/laterality-tiny.json", dataRoot: root,
                            work: root.appendingPathComponent("work"), outputDirectory: root.appendingPathComponent("model"))
        run.showsProgress = false
        var reported: [String] = []
        let card = try RecipeTraining.run(run, evaluateOnTest: true) { reported.append($0) }
        #expect(reported.count == 2 && reported[0].hasPrefix("synthetic test, report path (n=8)")
                && reported[1].hasPrefix("synthetic test, model only (n=8)"), "\(reported)")
        let written = try ModelCard.read(from: run.outputDirectory)
        #expect(written == card)
        #expect(written.metrics["validation"] != nil && written.metrics["synthetic/test"]?["accuracy"] != nil
                && written.metrics["synthetic/test"]?["gated"] != nil && written.metrics["synthetic/test model only"]?["accuracy"] != nil)
        #expect(written.training?.recipe == "recipes/laterality-tiny.json" && written.training?.steps == 20)
        _ = try ModelBundle(directory: run.outputDirectory)
    }
}
