import Foundation
import RetinaAnalysis
import RetinaData
@testable import RetinaEvaluation
import RetinaModels
import RetinaTraining
import Testing
import Torch

/// Issue 24's int8 vessel U-Net kept only where its figures hold: the bundled model through the
/// report path in int8 and in float32, in one process, on an adult and the infant test split.
@Suite("The int8 vessel U-Net through the report path", .serialized)
struct Int8ReportPathTests {
    @Test("Calibration photographs are training rows: none held out for validation, none of the test split")
    func calibrationRows() throws {
        let recipe = try Recipe.read(AdultReportTests.repository.appendingPathComponent("recipes/vessels.json"))
        let root = AdultReportTests.dataRoot
        guard recipe.manifests.allSatisfy({ FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path) }) else {
            print("skipped: the vessel recipe's data sets are not under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        let labelled = { (row: ManifestRow) in SegmentationTarget.vessels.isLabelled(row) }
        let rows = try Int8Calibration.trainingRows(recipe: recipe, dataRoot: root, photographs: 6, extraManifests: [], labelled: labelled)
        let held = Set(try PreparedSamples.heldOutRows(recipe: recipe, dataRoot: root, include: labelled).map(\.image))
        #expect(held.count == recipe.validationImagesPerManifest * recipe.manifests.count)
        #expect(rows.count == 6 * recipe.manifests.count)
        #expect(rows.allSatisfy { $0.split == .train && !held.contains($0.image) })
        let again = try Int8Calibration.trainingRows(recipe: recipe, dataRoot: root, photographs: 6, extraManifests: [], labelled: labelled)
        #expect(again.map(\.image) == rows.map(\.image), "seeded")
    }

    @Test("The vessel bundle's int8 calibration: vessel F1 in int8 within 0.003 of float32's on DRIVE and HVDROPDB-full")
    func vesselFigures() throws {
        let directory = AdultReportTests.repository.appendingPathComponent("Models/vessels")
        let ranges = try #require(try UNetActivationRanges.read(from: directory), "Models/vessels has no int8 calibration")
        #expect(ranges.inputs >= 16 && ranges.ranges["input"] != nil)
        guard Runtime.hasQuantizedEngine else {
            print("skipped: this libtorch has no quantized CPU engine")
            return
        }
        for dataset in ["DRIVE", "HVDROPDB-full"] {
            let url = AdultReportTests.dataRoot.appendingPathComponent("\(dataset)/manifest.csv")
            guard FileManager.default.fileExists(atPath: url.path) else {
                print("skipped: \(dataset) not found under $ROPSCREEN_DATA or ../shared/data")
                continue
            }
            let manifest = try Manifest(contentsOf: url)
            func f1(_ precision: ModelPrecision) throws -> Double {
                let result = try ReportPathTaskEvaluation.evaluate(.vessels, model: directory, manifest: manifest, split: .test, dataset: dataset,
                                                                   precision: precision)
                #expect(result.metrics["failed"] == 0)
                return try #require(result.metrics["f1"])
            }
            let (float32, int8) = (try f1(.float32), try f1(.int8))
            print("\(dataset) test vessel F1 through reports: float32 \(float32), int8 \(int8)")
            #expect(abs(int8 - float32) <= 0.003, "\(dataset): int8 \(int8) against float32 \(float32)")
        }
    }
}
