import Foundation
import FundusImaging
import RetinaModels
import Testing
@testable import RetinaAnalysis

@Suite("Analysis pipeline")
struct AnalysisPipelineTests {
    static let models = try! AnalysisModels.bundled()

    @Test("A report over every bundled model: each analysis present, coordinates inside the photograph, JSON round trip")
    func fullReport() throws {
        let photo = try FundusImage(SyntheticFundus(size: 512, seed: 4).draw().image.resized(to: Size(width: 600, height: 480)))
        let result = try AnalysisPipeline(models: Self.models).analyze(photo, options: AnalysisOptions(explain: true))
        let report = result.report
        #expect(report.image.width == 600 && report.image.height == 480)
        #expect(Set(report.tasks) == Self.models.available)
        if report.quality?.isFundus == false { return }  // the gate stopped it: nothing else to check
        if Self.models.landmarks != nil {
            let disc = try #require(report.landmarks).opticDisc
            #expect((0 ... 600).contains(disc.x) && (0 ... 480).contains(disc.y))
        }
        if Self.models.vessels != nil {
            #expect(result.vesselMask?.size == Size(width: 600, height: 480))
            #expect(report.vessels?.maskPNG != nil)
        }
        if Self.models.ridge != nil { #expect(report.ridge?.mapPNG != nil && result.ridgeMap?.width == 600) }
        for explanation in report.explanations ?? [] {
            #expect((0 ..< 600).contains(explanation.peak.x) && (0 ..< 480).contains(explanation.peak.y))
        }
        #expect(report.timingsMs["total"]! > 0)
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(Report.self, from: data) == report)
        #expect(try ReportOverlay.draw(result, on: photo.image).size == photo.image.size)
    }

    @Test("A batch gives the same reports as one photograph at a time")
    func batchMatchesSingle() throws {
        let pipeline = AnalysisPipeline(models: Self.models)
        let photos = try (1 ... 3).map { try FundusImage(SyntheticFundus(size: 256, seed: UInt64($0)).draw().image) }
        let options = AnalysisOptions(tasks: [.quality, .laterality, .lesion], includeImages: false)
        let batch = pipeline.analyze(batch: photos, options: Array(repeating: options, count: 3), ids: ["a", "b", "c"])
        for (i, photo) in photos.enumerated() {
            let single = try pipeline.analyze(photo, options: options, id: ["a", "b", "c"][i]).report
            let batched = try batch[i].get().report
            #expect(abs((batched.quality?.score ?? 0) - (single.quality?.score ?? 0)) < 1e-4)
            #expect(batched.laterality?.eye == single.laterality?.eye)
            #expect(abs((batched.lesion?.probability ?? 0) - (single.lesion?.probability ?? 0)) < 1e-4)
        }
    }

    @Test("Quality reasons name the measure out of range and the side that matters")
    func reasons() {
        let references: [String: ClosedRange<Double>] = [
            "sharpness": 20 ... 200, "brightness": 0.2 ... 0.6, "darkShare": 0 ... 0, "brightShare": 0 ... 0,
            "contrast": 0.05 ... 0.2, "fieldOfViewCoverage": 0.5 ... 0.9, "fieldOfViewOffset": 0 ... 0.1, "vesselVisibility": 0.05 ... 0.3,
        ]
        let fine = ImageQualityMeasures(sharpness: 300, brightness: 0.4, contrast: 0.3, darkShare: 0.02, brightShare: 0.01,
                                        fieldOfViewCoverage: 0.95, fieldOfViewOffset: 0.05, vesselVisibility: 0.4)
        // Too sharp, too much contrast and a large field are not problems; tiny dark and bright shares are tolerated.
        #expect(QualityReason.reasons(for: fine, references: references).isEmpty)
        var poor = fine
        poor.sharpness = 5
        poor.brightness = 0.1
        poor.fieldOfViewOffset = 0.3
        let codes = QualityReason.reasons(for: poor, references: references).map(\.code)
        #expect(codes == ["OFF_CENTRE", "UNDEREXPOSED", "BLURRED"])
    }
}
