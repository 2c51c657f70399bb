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
        // The default report: every bundled model but the adult lesion model, which answers only when named.
        #expect(Set(report.tasks) == Self.models.available.subtracting([.lesion]) && report.lesion == nil)
        #expect(report.camera?.family == "unknown" && report.camera?.frame == "600x480")
        if report.quality?.isFundus == false { return }  // the gate stopped it: nothing else to check
        if Self.models.rop != nil {
            let rop = try #require(report.rop)
            #expect(rop.explanation?.heatmapPNG != nil && rop.explanation?.label == "rop" && rop.findingsNotMade.contains("plus_disease"))
            #expect(result.allExplanations.first?.model == "rop")
            #expect(!(report.explanations ?? []).contains { $0.model == "rop" })  // kept once, with the finding
        }
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
        let options = AnalysisOptions(tasks: [.quality, .laterality, .lesion, .rop], includeImages: false)
        let batch = pipeline.analyze(batch: photos, options: Array(repeating: options, count: 3), ids: ["a", "b", "c"])
        for (i, photo) in photos.enumerated() {
            let single = try pipeline.analyze(photo, options: options, id: ["a", "b", "c"][i]).report
            let batched = try batch[i].get().report
            #expect(abs((batched.quality?.score ?? 0) - (single.quality?.score ?? 0)) < 1e-4)
            #expect(batched.laterality?.eye == single.laterality?.eye)
            #expect(abs((batched.lesion?.probability ?? 0) - (single.lesion?.probability ?? 0)) < 1e-4)
            #expect(abs((batched.rop?.probability ?? 0) - (single.rop?.probability ?? 0)) < 1e-4)
        }
    }

    @Test("A gradable verdict lists no retake reasons, only advisories; an ungradable one lists its reasons")
    func verdictAndReasonsAgree() {
        var card = ModelCard(name: "quality", version: "0", task: .quality,
                             architecture: .resnet(ResNetConfiguration(classes: 3, widths: [8], blocksPerStage: 1)),
                             preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1])),
                             labels: ["good", "bad", "outlier"], threshold: 0.5)
        card.references = ["sharpness": 20 ... 200]
        let blurred = ImageQualityMeasures(sharpness: 5, brightness: 0.4, contrast: 0.1, darkShare: 0, brightShare: 0,
                                           fieldOfViewCoverage: 0.7, fieldOfViewOffset: 0.02, vesselVisibility: 0.1)
        func assess(_ p: [Double]) -> QualityAssessment {
            QualityAssessment(prediction: FundusClassifier.Prediction(labels: card.labels, probabilities: p), card: card, measures: blurred)
        }
        let good = assess([0.8, 0.15, 0.05])
        #expect(good.verdict == "good" && good.reasons.isEmpty && good.advisories?.map(\.code) == ["BLURRED"])
        let bad = assess([0.2, 0.75, 0.05])
        #expect(bad.verdict == "bad" && bad.reasons.map(\.code) == ["BLURRED"] && bad.advisories == [])
        let outlier = assess([0.2, 0.2, 0.6])
        #expect(outlier.verdict == "outlier" && outlier.reasons.isEmpty && outlier.advisories == [])
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
