import Foundation
import FundusImaging
@testable import RetinaData
import Testing

@Suite("Manifest reader")
struct ManifestTests {
    static let header = Manifest.columns.joined(separator: ",")

    /// A folder with a generated image `a.png` and a manifest with `body` under the standard header.
    func manifest(_ body: String, header: String = ManifestTests.header) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("img, odd"), withIntermediateDirectories: true)
        let png = Data(try SyntheticFundus(size: 32).draw().image.pngData())
        try png.write(to: dir.appendingPathComponent("a.png"))
        try png.write(to: dir.appendingPathComponent("img, odd/b.png"))
        let url = dir.appendingPathComponent("manifest.csv")
        try (header + "\n" + body).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func readsValidRows() throws {
        let url = try manifest("""
            a.png,train,right,good,Healthy,100.5,80,20,22,60,81,a.png,,,haemorrhage:1:2:3:4;hard_exudate:5:6:7:8\r
            "img, odd/b.png",test,,,,,,,,,,,,,\r

            """)
        let m = try Manifest(contentsOf: url)
        #expect(m.rows.count == 2)
        let a = m.rows[0]
        #expect(a.line == 2 && a.split == .train && a.eye == .right && a.quality == .good && a.diagnosis == "healthy")
        #expect(a.opticDiscCenter == Point(x: 100.5, y: 80))
        #expect(a.opticDisc == Rect(x: 90.5, y: 69, width: 20, height: 22))
        #expect(a.fovea == Point(x: 60, y: 81))
        #expect(a.vesselMask?.lastPathComponent == "a.png" && a.fieldOfViewMask == nil)
        #expect(a.lesions == [LesionBox(kind: "haemorrhage", box: Rect(x: 1, y: 2, width: 3, height: 4)),
                              LesionBox(kind: "hard_exudate", box: Rect(x: 5, y: 6, width: 7, height: 8))])
        #expect(m.rows[1].image.lastPathComponent == "b.png" && m.rows[1].eye == nil && m.rows[1].line == 3)
        #expect(m.rows(in: .test).count == 1)
    }

    @Test func unknownColumnsAreIgnored() throws {
        let url = try manifest("a.png,train,left,site-7\n", header: "image,split,eye,hospital")
        #expect(try Manifest(contentsOf: url).rows.first?.eye == .left)
    }

    @Test("Each bad row is an error naming the file and line", arguments: [
        ("a.png,holdout,,,,,,,,,,,,,", "split 'holdout'"),
        ("a.png,train,middle,,,,,,,,,,,,", "eye 'middle'"),
        ("a.png,train,,excellent,,,,,,,,,,,", "quality 'excellent'"),
        ("missing.png,train,,,,,,,,,,,,,", "image file 'missing.png' does not exist"),
        ("a.png,train,,,,,,,,,,nope.png,,,", "vessel_mask file 'nope.png'"),
        ("a.png,train,,,,12,,,,,,,,,", "od_x and od_y must be given together"),
        ("a.png,train,,,,x,3,,,,,,,,", "od_x 'x' is not a number"),
        ("a.png,train,,,,1,2,0,5,,,,,,", "od_w and od_h must be positive"),
        ("a.png,train,,,,,,,,,,,,,haemorrhage:1:2:3", "is not class:x:y:w:h"),
        ("a.png,train,,,,,,,,,,,,,haemorrhage:1:2:-3:4", "has a bad box"),
        ("a.png,train", "2 fields, the header has 15"),
        (",train,,,,,,,,,,,,,", "the 'image' cell is empty"),
        ("\"a.png,train,,,,,,,,,,,,,", "a quoted field is never closed"),
    ])
    func badRows(row: String, expected: String) throws {
        let url = try manifest("a.png,train,,,,,,,,,,,,,\n" + row + "\n")
        do {
            _ = try Manifest(contentsOf: url)
            Issue.record("no error for \(row)")
        } catch let error as ManifestError {
            #expect(error.file == url.path && error.line == 3)
            #expect(error.message.contains(expected), "\(error)")
        }
    }

    @Test func headerProblems() throws {
        #expect(throws: ManifestError.self) { try Manifest(contentsOf: try manifest("a.png\n", header: "picture")) }
        #expect(throws: ManifestError.self) { try Manifest(contentsOf: URL(fileURLWithPath: "/nonexistent/manifest.csv")) }
    }

    @Test("Every shared data set's manifest reads without error")
    func sharedManifests() throws {
        let root = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
        guard let sets = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
            print("skipped: no data sets under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        var total = 0
        for set in sets.sorted() where FileManager.default.fileExists(atPath: root.appendingPathComponent("\(set)/manifest.csv").path) {
            let m = try Manifest(contentsOf: root.appendingPathComponent("\(set)/manifest.csv"))
            #expect(!m.rows.isEmpty, "\(set)")
            #expect(m.rows.allSatisfy { $0.split != nil }, "\(set)")
            total += m.rows.count
        }
        print("read \(total) manifest rows")
        #expect(total == 0 || total == 2_092)
    }
}
