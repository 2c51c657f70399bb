import Foundation
import Testing
@testable import FundusImaging

@Suite("Decoding and rejection")
struct DecodingTests {
    static let drawing = try! SyntheticFundus(size: 96, seed: 3).draw()

    @Test("Every accepted format decodes to the right size", arguments: [".jpg", ".png", ".tiff", ".bmp", ".webp"])
    func decodesEveryFormat(ext: String) throws {
        let bytes = try Self.drawing.image.encoded(extension: ext, quality: 95)
        let header = try #require(try ImageHeader.read(bytes))
        #expect(header.width == 96 && header.height == 96)
        let image = try Bitmap.decode(bytes)
        #expect(image.size == Size(width: 96, height: 96) && image.channels == 3)
        if ext == ".png" || ext == ".bmp" || ext == ".tiff" { #expect(image == Self.drawing.image) }
        let grey = try Bitmap.decode(bytes, channels: 1)
        #expect(grey.channels == 1)
    }

    @Test func nonSquareSizesAreReadFromHeaders() throws {
        let image = try Bitmap(width: 37, height: 21, channels: 3, value: 90)
        for ext in [".jpg", ".png", ".tiff", ".bmp", ".webp"] {
            let header = try ImageHeader.read(image.encoded(extension: ext))
            #expect(header?.width == 37 && header?.height == 21, "\(ext)")
        }
    }

    @Test func emptyBytes() {
        #expect(throws: ImageDecodingError.empty) { try Bitmap.decode([]) }
    }

    @Test func randomBytesAndText() throws {
        let generator = SystemRandomNumberGenerator()
        var g = generator
        let noise = (0 ..< 4096).map { _ in UInt8.random(in: 0 ... 255, using: &g) }
        #expect(throws: ImageDecodingError.notAnImage) { try Bitmap.decode([0x00, 0x01] + noise) }
        #expect(throws: ImageDecodingError.notAnImage) { try Bitmap.decode(Array("hello, not an image".utf8)) }
    }

    @Test("Truncated JPEG and PNG are reported as truncated", arguments: [".jpg", ".png"])
    func truncated(ext: String) throws {
        let bytes = try Self.drawing.image.encoded(extension: ext)
        let format: ImageFormat = ext == ".jpg" ? .jpeg : .png
        for keep in [bytes.count / 2, bytes.count - 3, 30] {
            #expect(throws: ImageDecodingError.truncated(format: format)) { try Bitmap.decode(Array(bytes.prefix(keep))) }
        }
        // Cut inside the header itself: the size cannot even be read.
        #expect(throws: ImageDecodingError.truncated(format: format)) { try Bitmap.decode(Array(bytes.prefix(10))) }
    }

    @Test("A PNG header claiming 100000 × 100000 pixels is refused before decoding")
    func hugeDeclaredSize() throws {
        var bytes = try Bitmap(width: 8, height: 8, channels: 3).pngData()
        // Rewrite IHDR's width and height (big-endian at bytes 16 and 20); the CRC no longer matters.
        for (offset, value) in [(16, 100_000), (20, 100_000)] {
            for i in 0 ..< 4 { bytes[offset + i] = UInt8((value >> (8 * (3 - i))) & 0xFF) }
        }
        #expect(throws: ImageDecodingError.tooManyPixels(width: 100_000, height: 100_000, limit: 50_000_000)) {
            try Bitmap.decode(bytes)
        }
        let small = try Bitmap(width: 100, height: 100, channels: 3).pngData()
        #expect(throws: ImageDecodingError.tooManyPixels(width: 100, height: 100, limit: 9_999)) {
            try Bitmap.decode(small, limits: DecodingLimits(maximumPixels: 9_999))
        }
    }

    @Test("JPEG-LS and JPEG 2000 headers declaring 65535 × 65535 and 100000 × 100000 pixels are refused before decoding")
    func hugeDICOMCodestreams() throws {
        // SOI, SOF55 (length 11, 8 bits, 65535 lines of 65535 samples, 1 component).
        let jpegLS: [UInt8] = [0xFF, 0xD8, 0xFF, 0xF7, 0x00, 0x0B, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x01, 0x11, 0x00]
        #expect(try ImageHeader.read(jpegLS)?.format == .jpegLS)
        #expect(throws: ImageDecodingError.tooManyPixels(width: 65535, height: 65535, limit: 50_000_000)) { try Bitmap.decode(jpegLS) }
        // SOC, SIZ: length 41, capabilities 0, Xsiz = Ysiz = 100000, offsets 0, then tiles and one component.
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        let j2k: [UInt8] = [0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x29, 0x00, 0x00] + be32(100_000) + be32(100_000) + be32(0) + be32(0)
            + be32(100_000) + be32(100_000) + be32(0) + be32(0) + [0x00, 0x01, 0x07, 0x01, 0x01]
        #expect(try ImageHeader.read(j2k)?.format == .jpeg2000)
        #expect(throws: ImageDecodingError.tooManyPixels(width: 100_000, height: 100_000, limit: 50_000_000)) { try Bitmap.decode(j2k) }
        // Cut off inside the SIZ segment: truncated, not decoded.
        #expect(throws: ImageDecodingError.truncated(format: .jpeg2000)) { try Bitmap.decode(Array(j2k.prefix(14))) }
    }

    @Test func corruptDataInsideAValidHeader() throws {
        var bytes = try Self.drawing.image.pngData()
        for i in 60 ..< min(bytes.count - 20, 400) { bytes[i] ^= 0x5A }
        #expect {
            try Bitmap.decode(bytes)
        } throws: { error in
            if case ImageDecodingError.corrupt(.png, _) = error { return true }
            return false
        }
    }

    @Test("Decoding real photographs from the shared data", arguments: ["DRIVE", "HRF", "IDRiD"])
    func realPhotographs(dataset: String) throws {
        guard SharedData.available(dataset) else {
            print("skipped: \(dataset) not found under $ROPSCREEN_DATA or ../shared/data")
            return
        }
        let row = try #require(try SharedData.rows(dataset).first)
        let bytes = try SharedData.bytes(dataset, row["image"]!)
        let header = try #require(try ImageHeader.read(bytes))
        let image = try Bitmap.decode(bytes)
        #expect(image.width == header.width && image.height == header.height)
    }
}
