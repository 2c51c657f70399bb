import Foundation
import RetinaAnalysis
import RetinaData
@testable import RetinaEvaluation
import RetinaModels
import RetinaTraining
import Testing
import Torch

/// Issue 24's int8 form of the vessel U-Net through the report path, in int8 and in float32 in one
/// process. Its calibration is not shipped: on AVX2 (no VNNI), where `auto` would choose it, the
/// infant test F1 fell by 0.0069; the file here is what `ropscreen quantize --task vessels` wrote.
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

    @Test("The vessel U-Net with its int8 calibration (written by ropscreen quantize, not shipped): DRIVE vessel F1 in int8 within 0.003 of float32's")
    func vesselFigures() throws {
        guard Runtime.hasQuantizedEngine else {
            print("skipped: this libtorch has no quantized CPU engine")
            return
        }
        let url = AdultReportTests.dataRoot.appendingPathComponent("DRIVE/manifest.csv")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: DRIVE not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vessels-int8-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: AdultReportTests.repository.appendingPathComponent("Models/vessels"), to: directory)
        try FileManager.default.copyItem(at: AdultReportTests.repository.appendingPathComponent("Tests/Fixtures/vessels-int8-calibration.json"),
                                         to: directory.appendingPathComponent(UNetActivationRanges.fileName))
        let ranges = try #require(try UNetActivationRanges.read(from: directory))
        #expect(ranges.inputs >= 16 && ranges.ranges["input"] != nil)
        let manifest = try Manifest(contentsOf: url)
        func f1(_ precision: ModelPrecision) throws -> Double {
            let result = try ReportPathTaskEvaluation.evaluate(.vessels, model: directory, manifest: manifest, split: .test, dataset: "DRIVE",
                                                               precision: precision)
            #expect(result.metrics["failed"] == 0)
            return try #require(result.metrics["f1"])
        }
        let (float32, int8) = (try f1(.float32), try f1(.int8))
        print("DRIVE test vessel F1 through reports: float32 \(float32), int8 \(int8)")
        #expect(abs(int8 - float32) <= 0.003, "int8 \(int8) against float32 \(float32)")
    }
}
