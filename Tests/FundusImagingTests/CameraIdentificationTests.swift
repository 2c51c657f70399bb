import Foundation
import Testing
@testable import FundusImaging

@Suite("Camera identification from EXIF tags and frames")
struct CameraIdentificationTests {
    /// A JPEG start, an APP1 EXIF block with IFD0 entries for make and model, and an end marker.
    static func jpeg(make: String, model: String, littleEndian: Bool = true) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { littleEndian ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
        let makeBytes = Array(make.utf8) + [0], modelBytes = Array(model.utf8) + [0]
        let ifdOffset = 8, entries = 2
        let dataStart = ifdOffset + 2 + 12 * entries + 4
        func entry(tag: Int, value: [UInt8], at offset: Int) -> [UInt8] {
            let field = value.count <= 4 ? value + [UInt8](repeating: 0, count: 4 - value.count) : u32(offset)
            return u16(tag) + u16(2) + u32(value.count) + field
        }
        var tiff: [UInt8] = (littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(ifdOffset)
        tiff += u16(entries)
        tiff += entry(tag: 0x010F, value: makeBytes, at: dataStart)
        tiff += entry(tag: 0x0110, value: modelBytes, at: dataStart + (makeBytes.count > 4 ? makeBytes.count : 0))
        tiff += u32(0)
        if makeBytes.count > 4 { tiff += makeBytes }
        if modelBytes.count > 4 { tiff += modelBytes }
        let body = Array("Exif\0\0".utf8) + tiff
        let length = body.count + 2
        return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + body + [0xFF, 0xD9]
    }

    @Test("Make and model are read in both byte orders, short values from the entry itself")
    func readsTags() {
        #expect(ExifCameraTags.read(Self.jpeg(make: "Natus Medical", model: "RetCam Envision")) == ExifCameraTags(make: "Natus Medical", model: "RetCam Envision"))
        #expect(ExifCameraTags.read(Self.jpeg(make: "Forus", model: "3nethra Neo", littleEndian: false)) == ExifCameraTags(make: "Forus", model: "3nethra Neo"))
        #expect(ExifCameraTags.read(Self.jpeg(make: "ABC", model: "X1")) == ExifCameraTags(make: "ABC", model: "X1"))
    }

    @Test("A missing, truncated or hostile EXIF block gives nil, never a crash")
    func hostileBlocks() {
        let good = Self.jpeg(make: "Natus Medical", model: "RetCam Envision")
        #expect(ExifCameraTags.read([]) == nil)
        #expect(ExifCameraTags.read(Array("GIF89a".utf8)) == nil)
        for cut in stride(from: 0, to: good.count - 2, by: 3) {
            _ = ExifCameraTags.read(Array(good.prefix(cut)))  // must not trap
        }
        var farOffset = good
        farOffset[6 + 6 + 8 + 2 + 8] = 0xFF  // the make's value offset points past the block
        farOffset[6 + 6 + 8 + 2 + 9] = 0xFF
        #expect(ExifCameraTags.read(farOffset)?.make == nil)
        var hugeCount = good
        hugeCount[6 + 6 + 8] = 0xFF  // 65535 IFD entries
        hugeCount[6 + 6 + 9] = 0xFF
        #expect(ExifCameraTags.read(hugeCount) == nil)
        let control = Self.jpeg(make: "Ev\u{1}il\u{7F}", model: String(repeating: "M", count: 300))
        let tags = ExifCameraTags.read(control)
        #expect(tags?.make == "Evil" && tags?.model?.count == 64)
    }

    @Test("The family comes from EXIF first, then from the frame; other frames are unknown")
    func families() throws {
        let retcam = CameraIdentification.identify(size: Size(width: 1600, height: 1200), fieldOfView: nil,
                                                   exif: ExifCameraTags(make: "Natus", model: "RetCam 3"))
        #expect(retcam.family == "RetCam" && retcam.basis == "exif" && retcam.model == "RetCam 3")
        let vga = CameraIdentification.identify(size: Size(width: 640, height: 480), fieldOfView: nil, exif: nil)
        #expect(vga.family == "RetCam" && vga.basis == "frame" && vga.frame == "640x480")
        let adult = CameraIdentification.identify(size: Size(width: 1440, height: 956), fieldOfView: nil, exif: ExifCameraTags(make: "Canon", model: "CR-2"))
        #expect(adult.family == "unknown" && adult.basis == nil && adult.make == "Canon")

        var square = try Bitmap(width: 1020, height: 1020, channels: 3)
        try square.drawCircle(center: Point(x: 510, y: 510), radius: 500, color: Color(180, 90, 40), thickness: -1)
        let fov = try FieldOfView.detect(in: square)
        #expect(CameraIdentification.identify(size: square.size, fieldOfView: fov, exif: nil).family == "Neo")
        var small = try Bitmap(width: 1020, height: 1020, channels: 3)
        try small.drawCircle(center: Point(x: 510, y: 510), radius: 300, color: Color(180, 90, 40), thickness: -1)
        #expect(CameraIdentification.identify(size: small.size, fieldOfView: try FieldOfView.detect(in: small), exif: nil).family == "unknown")
    }
}
