import Foundation
import FundusImaging
import RetinaData
import RetinaModels
@testable import RetinaTraining

enum TinyLateralityRecipe {
    /// A tiny laterality recipe (a bright disc on the side of the eye) over 24 generated photographs, 16 train and 8 test.
    static func make(in root: URL) throws -> Recipe {
        let data = root.appendingPathComponent("synthetic")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var lines = [Manifest.columns.joined(separator: ",")]
        for i in 0 ..< 24 {
            var image = try SyntheticFundus(size: 64, seed: UInt64(i)).draw().image
            let right = i % 2 == 0
            try image.drawCircle(center: Point(x: right ? 48 : 16, y: 32), radius: 8, color: Color(250, 250, 210), thickness: -1)
            try Data(image.pngData()).write(to: data.appendingPathComponent("\(i).png"))
            lines.append("\(i).png,\(i < 16 ? "train" : "test"),\(right ? "right" : "left"),,,,,,,,,,,,")
        }
        try lines.joined(separator: "\n").write(to: data.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return Recipe(
            task: .laterality, name: "laterality-tiny", version: "0", seed: 3, manifests: ["synthetic/manifest.csv"],
            validationImagesPerManifest: 4, balanceManifests: nil,
            architecture: .resnet(ResNetConfiguration(classes: 2, widths: [8, 16], blocksPerStage: 1)),
            preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                                         cropToFieldOfView: true, inputSize: 64),
            geometry: RandomGeometry(rotationDegrees: -5...5), photometry: RandomPhotometry(brightness: -5...5),
            batchSize: 8, learningRate: 0.01, weightDecay: 0, schedule: .constant,
            trainer: TrainerConfiguration(steps: 10, validateEvery: 10, logEvery: 10, gradientClipNorm: 5, monitor: "accuracy"),
            threshold: 0.5, transfer: nil)
    }
}
