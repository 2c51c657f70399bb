import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaData
@testable import RetinaEvaluation
import RetinaModels
import RetinaTraining
import Testing

/// Issue 23's figures on the infant test split (HVDROPDB-full), measured through
/// the report path: the bundled models behind `AnalysisPipeline` with the
/// server's default options, as `POST /v1/analyses` runs them. Skips, saying
/// so, when the data set is absent.
@Suite("Infant photographs through the report path", .serialized)
struct InfantReportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dataRoot = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"].map { URL(fileURLWithPath: $0) }
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// The infant manifest and the bundled models, or nil (with a message) when the data set is absent.
    static func inputs() throws -> (Manifest, AnalysisModels)? {
        let manifestURL = dataRoot.appendingPathComponent("HVDROPDB-full/manifest.csv")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            print("skipped: HVDROPDB-full not found under $ROPSCREEN_DATA or ../shared/data")
            return nil
        }
        return (try Manifest(contentsOf: manifestURL), try AnalysisModels.bundled(root: repository.appendingPathComponent("Models")))
    }

    @Test("HVDROPDB-full test: ROP finding, quality gate, disc, estimated zone I and vessels as the reports give them")
    func infantTestSplit() throws {
        guard let (manifest, models) = try Self.inputs() else { return }
        let ropCard = try #require(models.rop?.card, "the bundled ROP model (Models/rop, recipes/rop.json)")
        let rows = manifest.rows(in: .test)
        let outcomes = ReportPathEvaluation(models: models).outcomes(for: rows, dataset: "HVDROPDB-full")
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error))")

        let quality = ReportPathMetrics.quality(outcomes)
        let rop = ReportPathMetrics.rop(outcomes, card: ropCard)
        let disc = ReportPathMetrics.disc(outcomes)
        let zone = ReportPathMetrics.zone(outcomes)
        let vessels = ReportPathMetrics.vessels(outcomes)
        print("HVDROPDB-full test through reports — quality: \(quality)\nrop: \(rop)\ndisc: \(disc)\nzone: \(zone)\nvessels: \(vessels)")
        for (family, group) in ReportPathMetrics.byCamera(outcomes).sorted(by: { $0.key < $1.key }) {
            print("camera \(family) (n=\(group.count)): rop \(ReportPathMetrics.rop(group, card: ropCard)), quality \(ReportPathMetrics.quality(group))")
        }

        // Every photograph's camera family is told from its frame, and it is the one its file name says.
        #expect(outcomes.allSatisfy { outcome in
            let family = outcome.report?.camera?.family
            return outcome.row.image.lastPathComponent.contains("_Neo_") ? family == "Neo" : family == "RetCam"
        })
        // Quality 1.6.0 called 4 of 77 RetCam photographs ungradable (0.948); 1.7.0 none. A photograph the model takes for no
        // fundus is judged again in the colours of its training photographs (QualityAssessment.assess).
        #expect(quality["not_a_fundus"] == 0)
        #expect(quality["gradable_rate"]! >= 0.95)
        #expect(rop["auc"]! >= 0.95)
        // A report without a finding is a miss; RIDGE_RetCam_49 now passes the quality gate, and the model scores RIDGE_Neo_50 0.003 (36 of 37).
        #expect(rop["sensitivity"]! >= 0.95)
        #expect(zone["zone_placed_rate_disc_found"]! >= 0.9)
        #expect(disc["od_error_median_norm_all"]! <= 0.02 && disc["od_within_radius"]! >= 0.9)
        withKnownIssue("the vessel model does not reach F1 0.70 on the infant masks (issue 23, part 2; the fine-tuned trial reached 0.45 and was not kept)") {
            #expect(vessels["f1"]! >= 0.70)
        }
    }

    @Test("DRIMDB test through the report's quality gate (the colour re-check included): accuracy ≥ 95% and every outlier found")
    func drimdbThroughTheGate() throws {
        let manifestURL = Self.dataRoot.appendingPathComponent("DRIMDB/manifest.csv")
        guard FileManager.default.fileExists(atPath: manifestURL.path), let (_, models) = try Self.inputs() else {
            print("skipped: DRIMDB or HVDROPDB-full not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        let evaluation = ReportPathEvaluation(models: AnalysisModels(quality: models.quality),
                                              options: AnalysisOptions(tasks: [.quality], includeImages: false))
        let quality = ReportPathMetrics.quality(evaluation.outcomes(for: try Manifest(contentsOf: manifestURL).rows(in: .test), dataset: "DRIMDB"))
        print("DRIMDB test through reports — quality: \(quality)")
        #expect(quality["accuracy"]! >= 0.95)
        // outlier_004 (a room with a door) was called bad by quality 1.6.0; 1.7.0 finds it, and outlier_007 (field coverage 0.14) too.
        #expect(quality["recall_outlier"] == 1)
    }

    @Test("Infant photographs in the colours of other cameras (bluish, violet) are still fundus photographs")
    func colourCastsStayFundus() throws {
        guard let (manifest, models) = try Self.inputs() else { return }
        let pipeline = AnalysisPipeline(models: AnalysisModels(quality: models.quality))
        let options = AnalysisOptions(tasks: [.quality], includeImages: false)
        // Per-channel gains: a bluish cast (red and blue swapped) and a violet one.
        let casts: [(name: String, apply: ([UInt8], Int) -> UInt8)] = [
            ("bluish", { pixels, i in pixels[i - i % 3 + 2 - i % 3] }),
            ("violet", { pixels, i in UInt8(min(255, Double(pixels[i]) * [1.05, 0.6, 1.45][i % 3])) }),
        ]
        var verdicts: [String: [String]] = [:]
        for row in manifest.rows(in: .test).prefix(24) {
            let photo = try FundusImage.decode([UInt8](Data(contentsOf: row.image)))
            for cast in casts {
                let pixels = photo.image.pixels
                let shifted = try Bitmap(width: photo.image.width, height: photo.image.height, channels: 3,
                                         pixels: pixels.indices.map { cast.apply(pixels, $0) })
                let report = try pipeline.analyze(FundusImage(shifted), options: options).report
                verdicts[cast.name, default: []].append(report.quality?.verdict ?? "none")
            }
        }
        print("colour casts of 24 infant test photographs: \(verdicts.mapValues { Dictionary(grouping: $0) { $0 }.mapValues(\.count) })")
        // Quality 1.6.0 alone learnt channel gains of 0.7–1.3, and took 23 of 24 red–blue swapped and 6 of 24 violet photographs
        // for outliers; judged again in its training photographs' colours, none is (measured: bluish 23 bad, 1 good; violet 12 and 12).
        for (name, list) in verdicts.sorted(by: { $0.key < $1.key }) { #expect(!list.contains("outlier"), "\(name)") }
    }
}
