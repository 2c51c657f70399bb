import Foundation
import FundusImaging
import RetinaData
@testable import RetinaTraining
import Testing

@Suite("Segmentation targets")
struct SegmentationTargetTests {
    @Test("A drawn ridge line is learnt as a band 1.5% of the frame wide; vessel masks stay as drawn")
    func ridgeBand() throws {
        var line = try Bitmap(width: 1000, height: 600, channels: 1)
        try line.drawLine(from: Point(x: 100, y: 300), to: Point(x: 900, y: 300), color: .white, thickness: 1)
        let band = try SegmentationTarget.ridge.labelled(line)
        let column = (0 ..< 600).filter { band[500, $0] > 127 }.count
        #expect((13 ... 17).contains(column), "band \(column) px wide")
        #expect(try SegmentationTarget.vessels.labelled(line) == line)
    }

    @Test("An infant diagnosed normal has no ridge: an empty mask to learn from; other rows without masks are unlabelled")
    func absentRidge() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("targets-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = Manifest.columns.joined(separator: ",") + "\n"
            + "a.png,train,,,normal,,,,,,,,,,\n" + "b.png,train,,,rop,,,,,,,,,,\n" + "c.png,train,,,,,,,,,,,,,\n"
        try csv.write(to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        let rows = try Manifest(contentsOf: folder.appendingPathComponent("manifest.csv"), checkFiles: false).rows
        #expect(rows.map(SegmentationTarget.ridge.isLabelled) == [true, false, false])
        #expect(rows.map(SegmentationTarget.vessels.isLabelled) == [false, false, false])
    }
}
