import Foundation
import FundusImaging
import RetinaModels
import Testing
import Torch
@testable import RetinaTraining

@Suite("Classifier training, evaluation and audit")
struct ClassifierTrainingTests {
    /// Generated photographs: "glaucoma" ones carry a large bright blob, "healthy" ones do not.
    static func syntheticDataSet(count: Int = 32) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("classifier-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines = [Manifest.columns.joined(separator: ",")]
        for i in 0 ..< count {
            var image = try SyntheticFundus(size: 96, seed: UInt64(100 + i)).draw().image
            let diseased = i % 2 == 1
            if diseased {
                try image.drawCircle(center: Point(x: Double(30 + (i * 7) % 36), y: Double(30 + (i * 11) % 36)), radius: 12,
                                     color: Color(250, 250, 210), thickness: -1)
            }
            try Data(image.pngData()).write(to: dir.appendingPathComponent("\(i).png"))
            lines.append("\(i).png,\(i < count * 3 / 4 ? "train" : "test"),,,\(diseased ? "glaucoma" : "healthy"),,,,,,,,,,")
        }
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    static func recipe(steps: Int) -> Recipe {
        var recipe = Recipe(
            task: "lesion", name: "lesion-tiny", version: "0", seed: 5, manifests: ["manifest.csv"], validationImagesPerManifest: 4,
            balanceManifests: nil,
            architecture: .resnet(ResNetConfiguration(classes: 2, widths: [8, 16, 32], blocksPerStage: 1)),
            preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                                         cropToFieldOfView: true, inputSize: 64),
            geometry: RandomGeometry(rotationDegrees: -10...10), photometry: RandomPhotometry(brightness: -5...5),
            batchSize: 8, learningRate: 0.01, weightDecay: 0, schedule: .constant,
            trainer: TrainerConfiguration(steps: steps, validateEvery: steps / 2, logEvery: 10, gradientClipNorm: 5, monitor: "auc"),
            threshold: 0.5, transfer: nil)
        recipe.classes = ["normal", "lesion"]
        recipe.diagnosisClasses = ["healthy": "normal", "glaucoma": "lesion"]
        recipe.classWeighting = true
        recipe.targetSensitivity = 0.9
        return recipe
    }

    @Test("A short run learns the blob, picks a threshold for the target sensitivity, and evaluates through the contract")
    func trainsAndEvaluates() throws {
        let data = try Self.syntheticDataSet()
        defer { try? FileManager.default.removeItem(at: data) }
        var run = RecipeRun(recipe: Self.recipe(steps: 80), recipePath: "test", dataRoot: data, work: data.appendingPathComponent("work"),
                            outputDirectory: data.appendingPathComponent("model"))
        run.showsProgress = false
        let card = try ClassifierTraining.run(run)
        #expect(card.labels == ["normal", "lesion"] && card.diagnosisClasses?["glaucoma"] == "lesion")
        #expect(card.metrics["train_class_counts"] == ["normal": 10, "lesion": 10])
        let validation = try #require(card.metrics["validation"])
        #expect(validation["threshold_for_target"] == card.threshold && validation["sensitivity_at_threshold"]! >= 0.9)
        let classifier = try FundusClassifier(bundle: ModelBundle(directory: data.appendingPathComponent("model")))
        let result = try ClassifierEvaluation.evaluate(classifier, manifest: Manifest(contentsOf: data.appendingPathComponent("manifest.csv")), split: .test)
        #expect(result.n == 8 && result.skipped == 0)
        #expect(result.metrics["auc"]! >= 0.9, "\(result.metrics)")
        for key in ["accuracy", "recall_normal", "precision_lesion", "sensitivity", "specificity", "n_lesion"] { #expect(result.metrics[key] != nil) }
    }

    @Test("The audit puts deliberately flipped labels of separable data at the top")
    func auditFindsFlips() throws {
        let data = try Self.syntheticDataSet(count: 40)
        defer { try? FileManager.default.removeItem(at: data) }
        let recipe = Self.recipe(steps: 60)
        let manifest = try Manifest(contentsOf: data.appendingPathComponent("manifest.csv"))
        var samples = try PreparedSamples.prepare(manifest, split: nil, recipe: recipe,
                                                  include: { ClassifierTraining.classIndex(of: $0, recipe: recipe) != nil },
                                                  classIndex: { ClassifierTraining.classIndex(of: $0, recipe: recipe) })
        let flipped = [3, 10, 27]
        for i in flipped { samples[i].classIndex = 1 - samples[i].classIndex! }
        var run = RecipeRun(recipe: recipe, recipePath: "test", dataRoot: data, work: data.appendingPathComponent("audit"), outputDirectory: data)
        run.showsProgress = false
        let probabilities = try MislabelAudit.outOfFoldProbabilities(run, samples: samples, folds: 4)
        let findings = MislabelAudit.rank(probabilities: probabilities, labels: samples.map { $0.classIndex! }, sources: samples.map(\.source))
        let top = Set(findings.prefix(4).compactMap { $0.source?.lastPathComponent })
        #expect(flipped.filter { top.contains("\($0).png") }.count >= 2, "top 4: \(top)")
        let sheet = try MislabelAudit.contactSheet(findings, labels: ["normal", "lesion"], count: 6, thumbnail: 64, columns: 3)
        #expect(sheet.size == Size(width: 192, height: 2 * (64 + 34)))
    }
}
