import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaModels
import RetinaTraining
import Torch

/// Landmarks + laterality for one photograph (FOV crop, both networks, zone geometry),
/// with the bundled models when present, else the recipes' architectures untrained.
enum LandmarkBenchmark {
    static func model(_ name: String) throws -> ModelBundle? {
        try? ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent(name))
    }

    static func run() throws {
        let detector: LandmarkDetector
        let classifier: LateralityClassifier
        if let l = try model("landmarks"), let c = try model("laterality") {
            detector = LandmarkDetector(bundle: l)
            classifier = try LateralityClassifier(bundle: c)
            print("\nLandmarks + laterality: bundled models")
        } else {
            let lr = try Recipe.read(URL(fileURLWithPath: "recipes/landmarks.json"))
            let cr = try Recipe.read(URL(fileURLWithPath: "recipes/laterality.json"))
            detector = LandmarkDetector(card: lr.card(labels: []), network: try lr.architecture.build(generator: RandomGenerator(seed: 0)))
            guard case .resnet(let configuration) = cr.architecture else { throw TorchError("recipes/laterality.json is not a ResNet") }
            classifier = try LateralityClassifier(classifier: FundusClassifier(
                card: cr.card(labels: ["left", "right"]), network: ResNet(configuration, generator: RandomGenerator(seed: 0))))
            print("\nLandmarks + laterality: no bundled models, timing the recipes' architectures untrained")
        }
        print("image          median ms (10 runs: field of view, landmarks, laterality, zone)")
        for size in [Size(width: 1440, height: 956), Size(width: 640, height: 640)] {
            let photo = try FundusImage(SyntheticFundus(size: max(size.width, size.height), seed: 2).draw().image.resized(to: size))
            func once() throws {
                let fov = try FieldOfView.detect(in: photo.image)
                let detection = try detector.detect(in: photo, fieldOfView: fov)
                _ = LandmarkAnalysis(landmarks: detection, laterality: try classifier.predict(photo, fieldOfView: fov))
            }
            try once()
            var times: [Double] = []
            for _ in 0 ..< 10 {
                let start = ContinuousClock.now
                try once()
                times.append(milliseconds(ContinuousClock.now - start))
            }
            print("\(size)".padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: "%8.1f", median(times)))
        }
    }
}
