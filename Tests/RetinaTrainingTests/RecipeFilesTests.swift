import Foundation
import RetinaModels
import Testing
@testable import RetinaTraining

@Suite("Recipe files")
struct RecipeFilesTests {
    static let recipes = BundledModelTests.repository.appendingPathComponent("recipes")

    static func files(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
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
}
