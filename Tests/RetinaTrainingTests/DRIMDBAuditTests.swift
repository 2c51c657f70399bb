import Foundation
import RetinaData
import RetinaModels
@testable import RetinaTraining
import Testing
import Torch

/// Issue 5's check of the mislabel finder on real data: 5% of the DRIMDB train
/// labels flipped on purpose (seeded) must mostly rank in the audit's top 10%.
@Suite("Mislabel audit on DRIMDB")
struct DRIMDBAuditTests {
    @Test("≥ 70% of 5% deliberately flipped DRIMDB train labels rank in the top 10%")
    func findsFlippedLabels() throws {
        let manifestURL = BundledModelTests.dataRoot.appendingPathComponent("DRIMDB/manifest.csv")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            print("skipped: DRIMDB not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        // The quality recipe, made small enough for the suite: 128 px, 5 folds of 300 steps.
        var recipe = try Recipe.read(BundledModelTests.repository.appendingPathComponent("recipes/quality.json"))
        recipe.preprocessing.inputSize = 128
        recipe.trainer.steps = 300
        recipe.schedule = .cosine(totalSteps: 300, minimumFactor: 0.05)
        // Generic fundus features to start from (the laterality model never saw a quality label),
        // and the recipe's synthetic bad and outlier examples from the smaller good data sets.
        recipe.transfer = TransferLearning(initialWeights: BundledModelTests.repository.appendingPathComponent("Models/laterality/weights.safetensors").path,
                                           keyMapping: ["head.": "laterality-head."])
        recipe.qualitySynthesis = QualitySynthesis(
            goodManifests: ["DRIVE/manifest.csv", "CHASE_DB1/manifest.csv", "HRF/manifest.csv", "DRIONS-DB/manifest.csv"],
            goodShare: 0.15, degradedShare: 0.2, outlierShare: 0.15, validationImagesPerManifest: 0)
        let manifest = try Manifest(contentsOf: manifestURL)
        var samples = try PreparedSamples.prepare(manifest, split: .train, recipe: recipe,
                                                  include: { ClassifierTraining.classIndex(of: $0, recipe: recipe) != nil },
                                                  classIndex: { ClassifierTraining.classIndex(of: $0, recipe: recipe) })
        var sourceRecipe = recipe
        sourceRecipe.manifests = recipe.qualitySynthesis!.goodManifests
        sourceRecipe.validationImagesPerManifest = 0
        let goodSources = try PreparedSamples.load(recipe: sourceRecipe, dataRoot: BundledModelTests.dataRoot, include: { _ in true },
                                                   classIndex: { _ in 0 }).train
        let generator = try RandomGenerator(seed: 20261126)
        let flipped = Array(try generator.permutation(samples.count).prefix(Int((0.05 * Double(samples.count)).rounded())))
        for i in flipped {
            // To one of the two other classes, chosen by the same seed.
            samples[i].classIndex = (samples[i].classIndex! + 1 + (try generator.uniform() < 0.5 ? 0 : 1)) % 3
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("drimdb-audit-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        var run = RecipeRun(recipe: recipe, recipePath: "recipes/quality.json", dataRoot: manifestURL.deletingLastPathComponent(),
                            work: work, outputDirectory: work)
        run.showsProgress = false
        let probabilities = try MislabelAudit.outOfFoldProbabilities(run, samples: samples, folds: 5, goodSources: goodSources)
        let findings = MislabelAudit.rank(probabilities: probabilities, labels: samples.map { $0.classIndex! }, sources: samples.map(\.source))
        let top = Set(findings.prefix(Int((0.1 * Double(samples.count)).rounded(.up))).compactMap(\.source))
        let found = flipped.filter { top.contains(samples[$0].source!) }.count
        let ranks = flipped.compactMap { i in findings.first { $0.source == samples[i].source }?.rank }.sorted()
        print("DRIMDB audit: \(found) of \(flipped.count) flipped labels in the top \(top.count) of \(samples.count) (ranks \(ranks))")
        #expect(Double(found) >= 0.7 * Double(flipped.count))
    }
}
