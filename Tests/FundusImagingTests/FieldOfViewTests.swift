import Testing
@testable import FundusImaging

@Suite("Field of view")
struct FieldOfViewTests {
    @Test("IoU ≥ 0.95 against the provided FOV masks on the DRIVE and CHASE_DB1 test splits",
          arguments: ["DRIVE", "CHASE_DB1"])
    func matchesProvidedMasks(dataset: String) throws {
        guard SharedData.available(dataset) else {
            print("skipped: \(dataset) not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        let rows = try SharedData.rows(dataset).filter { $0["split"] == "test" && !($0["fov_mask"] ?? "").isEmpty }
        #expect(!rows.isEmpty)
        var worst = 1.0
        for row in rows {
            let image = try Bitmap.decode(SharedData.bytes(dataset, row["image"]!))
            let truth = try Bitmap.decode(SharedData.bytes(dataset, row["fov_mask"]!), channels: 1)
            let iou = try FieldOfView.detect(in: image).intersectionOverUnion(with: truth)
            worst = min(worst, iou)
            #expect(iou >= 0.95, "\(dataset) \(row["image"]!): IoU \(iou)")
        }
        print("\(dataset): worst FOV IoU \(worst) over \(rows.count) test images")
    }

    @Test("Square crop centres the field of view")
    func squareCrop() throws {
        var image = try Bitmap(width: 200, height: 120, channels: 3)
        for y in 0 ..< 120 { for x in 0 ..< 200 where (x - 100) * (x - 100) + (y - 60) * (y - 60) < 50 * 50 {
            image[x, y, 0] = 180; image[x, y, 1] = 90; image[x, y, 2] = 40
        } }
        let fov = try FieldOfView.detect(in: image)
        #expect(abs(fov.center.x - 100) <= 1.5 && abs(fov.center.y - 60) <= 1.5)
        #expect(abs(fov.radius - 50) <= 2)
        let cropped = try FundusImage(image).applying(fov.squareCrop(margin: 0))
        #expect(abs(cropped.size.width - cropped.size.height) <= 1)
        #expect(abs(cropped.size.width - 99) <= 2)
    }
}
