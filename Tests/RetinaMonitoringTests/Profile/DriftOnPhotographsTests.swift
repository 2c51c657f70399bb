import Foundation
import FundusImaging
import RetinaData
import Testing
@testable import RetinaMonitoring

/// Issue 16's demonstration on real photographs, profiled by measurement alone (no model runs,
/// so the test stays within a couple of minutes): in-distribution replays show no drift,
/// shifted streams show drift in the features that moved and not in those that did not.
@Suite("Drift on photographs")
struct DriftOnPhotographsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let dataRoot = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"].map { URL(fileURLWithPath: $0) }
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared/data")

    static func manifest(_ name: String) throws -> Manifest? {
        let url = dataRoot.appendingPathComponent(name).appendingPathComponent("manifest.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try Manifest(contentsOf: url)
    }

    /// The profile of a row's photograph, its pixels changed by `adjust` first.
    static func profile(_ row: ManifestRow, adjust: ((Bitmap) throws -> Bitmap)? = nil) throws -> InputProfile {
        var photo = try FundusImage.decode([UInt8](Data(contentsOf: row.image)))
        if let adjust { photo = try photo.withPixels(adjust) }
        return try InputProfile(measuring: photo)
    }

    /// A systematic exposure change: every pixel value times `gain`, clipped.
    static func exposed(_ gain: Double) -> (Bitmap) throws -> Bitmap {
        { bitmap in
            var changed = bitmap
            changed.pixels = bitmap.pixels.map { UInt8(min(255, (Double($0) * gain).rounded())) }
            return changed
        }
    }

    static func describe(_ name: String, _ report: DriftReport) -> String {
        let lines = report.results.map { result in
            String(format: "  %@ %@ %.4f%@%@", result.feature, result.test.rawValue, result.statistic,
                   result.pValue.map { String(format: " p=%.4f", $0) } ?? "", result.isDrifted ? " DRIFT" : "")
        }
        return "\(name): \(report.windowCount) profiles, drifted \(report.driftedFeatures)\n" + lines.joined(separator: "\n")
    }

    @Test("Test splits against their train splits: no drift; infants against adults, an exposure change and DRIMDB's bad photographs: drift where they moved")
    func replays() throws {
        guard let infants = try Self.manifest("HVDROPDB-full"), let drimdb = try Self.manifest("DRIMDB") else {
            print("skipped: HVDROPDB-full or DRIMDB not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        // In distribution: each test split against the reference of its train split (DRIMDB:
        // its gradable photographs, what a clinic sends when all goes well).
        let infantReference = try ReferenceProfile(profiles: infants.rows(in: .train).map { try Self.profile($0) })
        let infantTest = try infants.rows(in: .test).map { try Self.profile($0) }
        let drimdbGood = drimdb.rows.filter { $0.quality == .good }
        let adultReference = try ReferenceProfile(profiles: drimdbGood.filter { $0.split == .train }.map { try Self.profile($0) })
        let adultTest = try drimdbGood.filter { $0.split == .test }.map { try Self.profile($0) }
        let replays = [("HVDROPDB-full test vs its train", DriftDetector(reference: infantReference).detect(infantTest)),
                       ("DRIMDB good test vs its train", DriftDetector(reference: adultReference).detect(adultTest))]
        for (name, report) in replays {
            print(Self.describe(name, report))
            #expect(report.driftedFeatures == [], "\(name)")
        }
        // Taken literally (PSI or KS), the same replays would flag drift: PSI on 77 and 37
        // photographs is biased upwards. That is why a numeric feature needs both by default.
        var either = DriftDetector.Configuration()
        either.thresholds.numericRule = .either
        #expect(DriftDetector(reference: adultReference, configuration: either).detect(adultTest).isDrifted)

        // Infants against the adult reference: new frames, a new camera, other colours.
        let infantsVsAdults = DriftDetector(reference: adultReference).detect(infantTest)
        print(Self.describe("HVDROPDB-full test vs DRIMDB good train", infantsVsAdults))
        #expect(Set(["width", "height", "camera_family", "blue_mean", "green_mean"]).isSubset(of: infantsVsAdults.driftedFeatures))

        // The same infant test photographs, over-exposed by a third: the exposure features move,
        // the frame and the field of view do not.
        let brighter = try infants.rows(in: .test).map { try Self.profile($0, adjust: Self.exposed(1.33)) }
        let exposure = DriftDetector(reference: infantReference).detect(brighter)
        print(Self.describe("HVDROPDB-full test x1.33 vs its train", exposure))
        #expect(Set(["brightness", "red_mean", "green_mean", "blue_mean"]).isSubset(of: exposure.driftedFeatures))
        #expect(Set(exposure.driftedFeatures).isDisjoint(with: ["width", "height", "fov_fraction", "fov_offset_x", "fov_offset_y", "camera_family"]))

        // DRIMDB's bad photographs against its good ones: sharpness, exposure and contrast move; the frame does not.
        let bad = try drimdb.rows.filter { $0.quality == .bad }.map { try Self.profile($0) }
        let badReplay = DriftDetector(reference: adultReference).detect(bad)
        print(Self.describe("DRIMDB bad vs good train", badReplay))
        #expect(Set(["sharpness", "brightness", "contrast"]).isSubset(of: badReplay.driftedFeatures))
        #expect(Set(badReplay.driftedFeatures).isDisjoint(with: ["width", "height", "camera_family"]))
    }
}
