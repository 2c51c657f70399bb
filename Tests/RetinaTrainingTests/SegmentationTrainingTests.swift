import Foundation
import FundusImaging
import RetinaData
import RetinaModels
@testable import RetinaTraining
import Testing
import Torch
import TorchNN

@Suite("Segmentation training pipeline")
struct SegmentationTrainingTests {
    /// A folder with generated photographs, vessel and FOV masks, and a manifest.
    static func syntheticDataSet() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vessels-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var lines = [Manifest.columns.joined(separator: ",")]
        for i in 0 ..< 4 {
            let d = try SyntheticFundus(size: 96, eye: i % 2 == 0 ? .left : .right, seed: UInt64(i)).draw()
            try Data(d.image.pngData()).write(to: dir.appendingPathComponent("\(i).png"))
            try Data(d.vessels.pngData()).write(to: dir.appendingPathComponent("\(i)-v.png"))
            try Data(d.fieldOfView.pngData()).write(to: dir.appendingPathComponent("\(i)-f.png"))
            lines.append("\(i).png,\(i < 3 ? "train" : "test"),\(i % 2 == 0 ? "left" : "right"),,,,,,,,,\(i)-v.png,\(i)-f.png,,")
        }
        try lines.joined(separator: "\n").write(to: dir.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test("A short recipe run lowers the loss and writes a bundle the evaluator reads")
    func shortRunLowersLoss() throws {
        let data = try Self.syntheticDataSet()
        defer { try? FileManager.default.removeItem(at: data) }
        let recipe = Recipe(
            task: .vessels, name: "vessels-tiny", version: "0", seed: 3, manifests: ["manifest.csv"], validationImagesPerManifest: 1, balanceManifests: nil,
            architecture: .unet(UNetConfiguration(baseWidth: 4, depth: 2)),
            preprocessing: Preprocessing(clahe: true, normalization: Normalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])),
            geometry: RandomGeometry(rotationDegrees: -90...90, scale: 0.9...1.1, outputSize: Size(width: 48, height: 48), patch: true),
            photometry: RandomPhotometry(brightness: -10...10), batchSize: 4, learningRate: 0.01, weightDecay: 0,
            schedule: .constant,
            trainer: TrainerConfiguration(steps: 60, validateEvery: 30, logEvery: 10, gradientClipNorm: 5, monitor: "f1"),
            threshold: 0.5, transfer: nil, positiveWeight: 1, diceWeight: 1, heatmapSigma: nil)
        var run = RecipeRun(recipe: recipe, recipePath: "test", dataRoot: data, work: data.appendingPathComponent("work"),
                            outputDirectory: data.appendingPathComponent("model"))
        run.showsProgress = false
        let trained = try SegmentationTraining.run(run, target: .vessels)
        try trained.write(to: run.outputDirectory)
        let card = trained.card
        let log = try String(contentsOf: data.appendingPathComponent("work/log.jsonl"), encoding: .utf8)
        let losses = log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["loss"] as? Double
        }
        #expect(losses.count == 6)
        #expect(losses.last! < losses.first!)
        #expect(card.training?.steps == 60 && card.training?.parameterCount ?? 0 > 0)
        #expect(card.metrics["validation"]?["f1"] != nil)
        let segmenter = try Segmenter(bundle: ModelBundle(directory: data.appendingPathComponent("model")))
        let result = try SegmentationEvaluation.evaluate(segmenter, manifest: Manifest(contentsOf: data.appendingPathComponent("manifest.csv")), split: .test, dataset: "synthetic", target: .vessels)
        #expect(result.n == 1 && result.metrics["auc"]! > 0.5)
    }

    @Test func manifestDatasetDecodesRows() throws {
        let data = try Self.syntheticDataSet()
        defer { try? FileManager.default.removeItem(at: data) }
        let dataset = ManifestDataset(try Manifest(contentsOf: data.appendingPathComponent("manifest.csv")), split: .train)
        #expect(dataset.count == 3)
        let sample = try dataset.sample(at: 1)
        #expect(sample.eye == .right && sample.image.masks.keys.sorted() == ["fov", "vessels"])
        #expect(sample.image.size == Size(width: 96, height: 96))
    }
}
