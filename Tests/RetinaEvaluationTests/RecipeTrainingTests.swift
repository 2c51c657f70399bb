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
        let data = root.appendingPathComponent("synthetic")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // Right eyes have a bright disc drawn on the right, left eyes on the left: what the laterality model learns.
        var lines = [Manifest.columns.joined(separator: ",")]
        for i in 0 ..< 24 {
            var image = try SyntheticFundus(size: 64, seed: UInt64(i)).draw().image
            let right = i % 2 == 0
            try image.drawCircle(center: Point(x: right ? 48 : 16, y: 32), radius: 8, color: Color(250, 250, 210), thickness: -1)
            try Data(image.pngData()).write(to: data.appendingPathComponent("\(i).png"))
            lines.append("\(i).png,\(i < 16 ? "train" : "test"),\(right ? "right" : "left"),,,,,,,,,,,,")
        }
        try lines.joined(separator: "\n").write(to: data.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        let recipe = Recipe(
            task: .laterality, name: "laterality-tiny", version: "0", seed: 3, manifests: ["synthetic/manifest.csv"],
            validationImagesPerManifest: 4, balanceManifests: nil,
            architecture: .resnet(ResNetConfiguration(classes: 2, widths: [8, 16], blocksPerStage: 1)),
            preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                                         cropToFieldOfView: true, inputSize: 48),
            geometry: RandomGeometry(rotationDegrees: -5...5), photometry: RandomPhotometry(brightness: -5...5),
            batchSize: 8, learningRate: 0.01, weightDecay: 0, schedule: .constant,
            trainer: TrainerConfiguration(steps: 20, validateEvery: 10, logEvery: 10, gradientClipNorm: 5, monitor: "accuracy"),
            threshold: 0.5, transfer: nil)
        var run = RecipeRun(recipe: recipe, recipePath: "recipes/laterality-tiny.json", dataRoot: root,
                            work: root.appendingPathComponent("work"), outputDirectory: root.appendingPathComponent("model"))
        run.showsProgress = false
        var reported: [String] = []
        let card = try RecipeTraining.run(run, evaluateOnTest: true) { reported.append($0) }
        #expect(reported.count == 1 && reported[0].hasPrefix("synthetic test (n=8)"), "\(reported)")
        let written = try ModelCard.read(from: run.outputDirectory)
        #expect(written == card)
        #expect(written.metrics["validation"] != nil && written.metrics["synthetic/test"]?["accuracy"] != nil)
        #expect(written.training?.recipe == "recipes/laterality-tiny.json" && written.training?.steps == 20)
        _ = try ModelBundle(directory: run.outputDirectory)
    }
}
