import Foundation
import FundusImaging
import RetinaData
import RetinaModels
@testable import RetinaTraining
import Testing
import Torch

@Suite("Classifier training, evaluation and audit")
struct ClassifierTrainingTests {
    /// Generated photographs: "glaucoma" ones carry a large bright blob, "healthy" ones do not;
    /// with `boxes`, the manifest draws each blob's box in the `lesions` column.
    static func syntheticDataSet(count: Int = 32, boxes: Bool = false) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("classifier-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines = [Manifest.columns.joined(separator: ",")]
        for i in 0 ..< count {
            var image = try SyntheticFundus(size: 96, seed: UInt64(100 + i)).draw().image
            let diseased = i % 2 == 1
            let centre = Point(x: Double(30 + (i * 7) % 36), y: Double(30 + (i * 11) % 36))
            if diseased { try image.drawCircle(center: centre, radius: 12, color: Color(250, 250, 210), thickness: -1) }
            try Data(image.pngData()).write(to: dir.appendingPathComponent("\(i).png"))
            let lesions = boxes && diseased ? "hard_exudate:\(centre.x - 12):\(centre.y - 12):24:24" : ""
            lines.append("\(i).png,\(i < count * 3 / 4 ? "train" : "test"),,,\(diseased ? "glaucoma" : "healthy"),,,,,,,,,,\(lesions)")
        }
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    static func recipe(steps: Int) -> Recipe {
        var recipe = Recipe(
            task: .lesion, name: "lesion-tiny", version: "0", seed: 5, manifests: ["manifest.csv"], validationImagesPerManifest: 4,
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
        let trained = try ClassifierTraining.run(run)
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("model").path), "training alone writes no bundle")
        try trained.write(to: run.outputDirectory)
        let card = trained.card
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

    @Test("Box supervision teaches the evidence map where the lesion is, and the map's peak lands in the box")
    func evidenceMapLearnsBoxes() throws {
        let data = try Self.syntheticDataSet(count: 40, boxes: true)
        defer { try? FileManager.default.removeItem(at: data) }
        var recipe = Self.recipe(steps: 100)
        recipe.architecture = .resnet(ResNetConfiguration(classes: 2, widths: [8, 16, 32], blocksPerStage: 1, evidenceMap: true))
        recipe.preprocessing.inputSize = 96
        recipe.evidenceMapWeight = 1
        var run = RecipeRun(recipe: recipe, recipePath: "test", dataRoot: data, work: data.appendingPathComponent("work"),
                            outputDirectory: data.appendingPathComponent("model"))
        run.showsProgress = false
        let examples = try ClassifierTraining.loadExamples(recipe: recipe, dataRoot: data)
        // Every row of a manifest that draws boxes carries a mask: empty for the healthy ones.
        let train = examples.train.flatMap { $0 }
        #expect(train.allSatisfy { $0.image.masks[LesionMask.maskName] != nil })
        #expect(train.filter { $0.classIndex == 0 }.allSatisfy { $0.image.masks[LesionMask.maskName]!.pixels.allSatisfy { $0 == 0 } })
        let (_, network) = try ClassifierTraining.train(run, examples: examples)
        network.eval()

        let manifest = try Manifest(contentsOf: data.appendingPathComponent("manifest.csv"))
        let test = try PreparedSamples.prepare(manifest, split: .test, recipe: recipe, include: { $0.diagnosis == "glaucoma" },
                                               classIndex: { _ in 1 })
        var inBox = 0
        for sample in test {
            let map = try #require(try withNoGrad { try network.forwardEvidence(network.forwardFeatures(PreparedSamples.input(sample, recipe: recipe))) })
            let (rows, columns) = (map.shape[2], map.shape[3])
            let peak = Int(try map.flattened().argmax().item())
            let cell = Double(sample.image.size.width) / Double(columns)
            let x = Int((Double(peak % columns) + 0.5) * cell), y = Int((Double(peak / columns) + 0.5) * cell)
            #expect(rows == columns)
            let mask = try #require(sample.image.masks[LesionMask.maskName])
            if mask.pixels[y * mask.width + x] > 0 { inBox += 1 }
        }
        #expect(test.count == 5 && inBox >= 4, "\(inBox) of \(test.count) evidence peaks inside the lesion box")
    }
}
