import Foundation
import Testing
import RetinaModels
@testable import RetinaTraining

/// The bundled vessel model on the public test splits, through the same code
/// path as `ropscreen evaluate --task vessels`.
@Suite("Bundled vessel model")
struct BundledVesselModelTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dataRoot = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"].map { URL(fileURLWithPath: $0) }
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared/data")

    @Test("DRIVE test: F1 ≥ 0.80 and AUC ≥ 0.975; CHASE_DB1 test: F1 ≥ 0.78", arguments: [
        ("DRIVE", 0.80, 0.975), ("CHASE_DB1", 0.78, 0.0),
    ])
    func meetsThresholds(dataset: String, minimumF1: Double, minimumAUC: Double) throws {
        let manifest = Self.dataRoot.appendingPathComponent("\(dataset)/manifest.csv")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            print("skipped: \(dataset) not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        let bundle = Self.repository.appendingPathComponent("Models/vessels")
        guard FileManager.default.fileExists(atPath: bundle.appendingPathComponent(ModelCard.fileName).path) else {
            print("skipped: no bundled vessel model in Models/vessels yet (train it with recipes/vessels.json)")
            return
        }
        let segmenter = try VesselSegmenter(bundle: ModelBundle(directory: bundle))
        let result = try VesselEvaluation.evaluate(segmenter, manifest: Manifest(contentsOf: manifest), split: .test, dataset: dataset)
        print("\(dataset) test (n=\(result.n)): f1 \(result.metrics["f1"]!), auc \(result.metrics["auc"]!)")
        #expect(result.n > 0)
        #expect(result.metrics["f1"]! >= minimumF1)
        #expect(result.metrics["auc"]! >= minimumAUC)
    }
}
