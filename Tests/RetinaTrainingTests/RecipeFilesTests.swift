import Foundation
import RetinaModels
import Testing
@testable import RetinaTraining

@Suite("Recipe files")
struct RecipeFilesTests {
    static let recipes = BundledModelTests.repository.appendingPathComponent("recipes")

    /// The model recipes in `folder` (the synthesis recipe has its own format and test).
    static func files(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && !SynthesisRecipe.describes($0) }.sorted { $0.path < $1.path }
    }

    @Test("The synthesis recipe decodes, and the bundled generator's card has its name, version, seed and network")
    func synthesisRecipeMatchesItsBundle() throws {
        let file = Self.recipes.appendingPathComponent("synthesis.json")
        let recipe = try SynthesisRecipe.read(file)
        let bundle = BundledModelTests.repository.appendingPathComponent("Models/\(recipe.name)")
        guard FileManager.default.fileExists(atPath: bundle.appendingPathComponent(SynthesisCard.fileName).path) else {
            print("skipped: no bundled generator in Models/\(recipe.name) yet (train it with recipes/synthesis.json)")
            return
        }
        let card = try SynthesisCard.read(from: bundle)
        #expect(card.training?.recipe == "recipes/synthesis.json")
        #expect(card.version == recipe.version && card.training?.seed == recipe.seed && card.network == recipe.network && card.factors == recipe.factors)
    }

    @Test("Every bundled model's card names its recipe, and the recipe has the card's name, version and seed")
    func bundledModelsMatchTheirRecipes() throws {
        let bundled = try Self.files(in: Self.recipes)
        #expect(bundled.count == 8)
        for file in bundled {
            let recipe = try Recipe.read(file)
            let card = try ModelCard.read(from: BundledModelTests.repository.appendingPathComponent("Models/\(recipe.name)"))
            #expect(card.training?.recipe == "recipes/\(file.lastPathComponent)")
            #expect(card.version == recipe.version && card.training?.seed == recipe.seed, "\(recipe.name)")
        }
    }

    @Test("Trial recipes decode and cannot overwrite a bundled model by default")
    func trialsStayApart() throws {
        let trials = try Self.files(in: Self.recipes.appendingPathComponent("trials"))
        #expect(!trials.isEmpty)
        let bundledNames = try Set(Self.files(in: Self.recipes).map { try Recipe.read($0).name })
        for file in trials {
            let recipe = try Recipe.read(file)
            #expect(!bundledNames.contains(recipe.name), "\(file.lastPathComponent) would be written to Models/\(recipe.name)")
        }
    }

    @Test("A broken recipe is a RecipeError naming the file and what is wrong where")
    func brokenRecipes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recipes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let valid = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.recipes.appendingPathComponent("rop.json"))) as! [String: Any]
        var noName = valid
        noName.removeValue(forKey: "name")
        var badSteps = valid
        var trainer = valid["trainer"] as! [String: Any]
        trainer["steps"] = "many"
        badSteps["trainer"] = trainer
        for (file, object, expected) in [("no-name.json", noName, "missing \"name\""), ("bad-steps.json", badSteps, "at trainer.steps:")] {
            let url = folder.appendingPathComponent(file)
            try JSONSerialization.data(withJSONObject: object).write(to: url)
            let error = try #require(throws: RecipeError.self) { try Recipe.read(url) }
            #expect(error.recipe == url.path && error.message.contains(expected), "\(error)")
        }
        let missing = try #require(throws: RecipeError.self) { try Recipe.read(folder.appendingPathComponent("absent.json")) }
        #expect(missing.message == "cannot be read")
    }
}
