import Foundation
import RetinaData
import Testing
@testable import RetinaAnnotation

@Suite("Manifest CSV export")
struct ManifestExportTests {
    typealias Field = LabelSchema.ICROP3Field
    let export = ManifestExport()

    @Test("Each column is filled from its ICROP3 field, coordinates with one decimal")
    func fullRow() throws {
        let table = try ManifestTable(try export.csv(for: [ExchangeSamples.full]))
        #expect(table.header == Manifest.columns)
        let row = try #require(table.rowsByColumn.first)
        #expect(row == [
            "image": "images/RetCam_01.png", "split": "train", "eye": "right", "quality": "good", "diagnosis": "rop",
            // disc 101.25…161.55 × 200.1…258.7: centre (131.4, 229.4), size 60.3 × 58.6.
            "od_x": "131.4", "od_y": "229.4", "od_w": "60.3", "od_h": "58.6",
            "fovea_x": "0.3", "fovea_y": "0.3",
            "vessel_mask": "masks/vessel/RetCam_01.png", "fov_mask": "", "extra_mask": "", "lesions": "",
        ])
    }

    @Test("An empty label set gives a row of empty cells but image and split")
    func emptyRow() throws {
        let text = try export.csv(for: [ExchangeSamples.empty])
        #expect(text == Manifest.columns.joined(separator: ",") + "\nimages/empty.png" + String(repeating: ",", count: 14) + "\n")
    }

    @Test("Diagnosis follows HVDROPDB-full: normal for stage 0, rop for stage 1-5 or A-ROP, else empty")
    func diagnosis() {
        #expect(ManifestExport.diagnosis(stage: "0", aggressiveROP: nil) == "normal")
        #expect(ManifestExport.diagnosis(stage: "0", aggressiveROP: "no") == "normal")
        for stage in 1...5 { #expect(ManifestExport.diagnosis(stage: "\(stage)", aggressiveROP: nil) == "rop") }
        #expect(ManifestExport.diagnosis(stage: nil, aggressiveROP: "yes") == "rop")
        #expect(ManifestExport.diagnosis(stage: "0", aggressiveROP: "yes") == "rop")
        #expect(ManifestExport.diagnosis(stage: nil, aggressiveROP: "no") == "")
        #expect(ManifestExport.diagnosis(stage: nil, aggressiveROP: nil) == "")
    }

    @Test("Quality maps to good/bad; usable is configurable; coordinates never print -0.0")
    func qualityAndNumbers() {
        #expect(export.quality("good") == "good" && export.quality("bad") == "bad" && export.quality("usable") == "good")
        #expect(ManifestExport(usableQuality: "bad").quality("usable") == "bad")
        #expect(export.quality(nil) == "")
        #expect(ManifestExport.coordinate(-0.01) == "0.0")
        #expect(ManifestExport.coordinate(12.35) == "12.3" || ManifestExport.coordinate(12.35) == "12.4")
        #expect(ManifestExport.coordinate(nil) == "")
    }

    @Test("Image paths and cells with commas, quotes and line breaks are quoted and read back")
    func escaping() throws {
        let photographs = ExchangeSamples.all
        let text = try export.csv(for: photographs)
        #expect(text.contains("\"images/Neo, \"\"third\"\".jpg\",test,left,good,normal,"))
        let table = try ManifestTable(text)
        #expect(table.rows.count == photographs.count)
        #expect(table.rows.map { $0[0] } == photographs.map(\.imagePath))
        #expect(table.rows[3][4] == "rop")
    }

    @Test("The header is the shared data manifests' header")
    func sharedHeader() throws {
        let url = URL(fileURLWithPath: "/work/shared/data/HVDROPDB-full/manifest.csv")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            print("skipped: \(url.path) is not on this machine")
            return
        }
        let shared = try ManifestTable(String(decoding: data, as: UTF8.self))
        let exported = try ManifestTable(try export.csv(for: ExchangeSamples.all))
        #expect(exported.header == shared.header)
        // The shared manifest's diagnosis words are the ones the export writes.
        let sharedDiagnoses = Set(shared.rowsByColumn.compactMap { $0["diagnosis"] }.filter { !$0.isEmpty })
        #expect(Set(exported.rowsByColumn.compactMap { $0["diagnosis"] }.filter { !$0.isEmpty }).isSubset(of: sharedDiagnoses))
    }

    @Test("The sidecar keeps every label exactly, by image path")
    func sidecar() throws {
        let data = try export.labelSidecar(for: ExchangeSamples.all)
        let decoded = try JSONDecoder().decode([String: [String: LabelValue]].self, from: data)
        #expect(decoded == Dictionary(uniqueKeysWithValues: ExchangeSamples.all.map { ($0.imagePath, $0.labels) }))
    }

    @Test("Labels the schema refuses and duplicate image paths are named errors")
    func errors() {
        let offImage = LabelledPhotograph(photograph: "p", imagePath: "a.png", imageSize: ExchangeSamples.imageSize,
                                          labels: [Field.fovea: .point(ImagePoint(x: 700, y: 1))])
        #expect(throws: LabelExportError.invalidLabel(photograph: "p", .outsideImage(field: Field.fovea))) {
            try export.csv(for: [offImage])
        }
        let badOption = LabelledPhotograph(photograph: "p", imagePath: "a.png", imageSize: ExchangeSamples.imageSize,
                                           labels: [Field.stage: .option("6")])
        #expect(throws: LabelExportError.invalidLabel(photograph: "p", .optionNotInSchema(field: Field.stage, option: "6"))) {
            try export.csv(for: [badOption])
        }
        #expect(throws: LabelExportError.duplicateImagePath("images/empty.png")) {
            try export.csv(for: [ExchangeSamples.empty, ExchangeSamples.empty])
        }
        let noPath = LabelledPhotograph(photograph: "p", imagePath: "", imageSize: ExchangeSamples.imageSize, labels: [:])
        #expect(throws: LabelExportError.emptyImagePath(photograph: "p")) { try export.csv(for: [noPath]) }
    }
}

/// An exported (or shared) manifest read back with the project's own CSV reader.
struct ManifestTable {
    let header: [String]
    let rows: [[String]]

    init(_ text: String) throws {
        let records = try CSV.records(text).map(\.fields)
        header = records.first ?? []
        rows = Array(records.dropFirst())
        for row in rows { #expect(row.count == header.count, "a row of \(row.count) fields under \(header.count) columns") }
    }

    var rowsByColumn: [[String: String]] { rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) } }
}
