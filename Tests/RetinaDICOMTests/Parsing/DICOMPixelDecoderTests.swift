import Foundation
import Testing
@testable import RetinaDICOM

@Suite struct DICOMPixelDecoderTests {
    let reader = DICOMReader()

    private func rgb(_ data: Data) throws -> [DICOMRGBFrame] {
        try reader.readImage(data).frames.map { frame in
            guard case .rgb(let rgb) = frame else { throw DICOMError.unsupportedPixelFormat(reason: "compressed") }
            return rgb
        }
    }

    @Test func sixteenBitScaledByBitsStored() throws {
        // 12 bits stored: 4095 → 255, 2048 → 128, 16 → 1; bits above 12 are ignored.
        let values: [UInt16] = [4095, 2048, 16, 0xF000]
        let pixels = values.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let frames = try rgb(DICOMFixture.image(rows: 2, columns: 2, samples: 1, photometric: "MONOCHROME2",
                                                bitsAllocated: 16, bitsStored: 12, pixels: pixels))
        #expect(frames.first?.pixels == [255, 255, 255, 128, 128, 128, 1, 1, 1, 0, 0, 0])
    }

    @Test func sixteenBitRGB() throws {
        let samples: [UInt16] = [65535, 0, 32768]
        let frames = try rgb(DICOMFixture.image(rows: 1, columns: 1, samples: 3, photometric: "RGB", bitsAllocated: 16,
                                                pixels: samples.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        #expect(frames.first?.pixels == [255, 0, 128])
    }

    @Test func monochrome1IsInverted() throws {
        let frames = try rgb(DICOMFixture.image(rows: 1, columns: 2, samples: 1, photometric: "MONOCHROME1", pixels: [0, 200]))
        #expect(frames.first?.pixels == [255, 255, 255, 55, 55, 55])
    }

    @Test func planarConfigurationOneIsInterleaved() throws {
        // Planes R R, G G, B B.
        let frames = try rgb(DICOMFixture.image(rows: 1, columns: 2, samples: 3, photometric: "RGB", planar: 1,
                                                pixels: [1, 2, 3, 4, 5, 6]))
        #expect(frames.first?.pixels == [1, 3, 5, 2, 4, 6])
    }

    @Test func ybrFullBecomesRGB() throws {
        // Y=128 with neutral chroma is grey; Cr above 128 pushes red up and green down.
        let frames = try rgb(DICOMFixture.image(rows: 1, columns: 2, samples: 3, photometric: "YBR_FULL",
                                                pixels: [128, 128, 128, 100, 128, 200]))
        let pixels = try #require(frames.first?.pixels)
        #expect(Array(pixels[0..<3]) == [128, 128, 128])
        #expect(pixels[3] == 201 && pixels[4] == 49 && pixels[5] == 100)
    }

    @Test func ybrFull422SharesChromaBetweenPairs() throws {
        // Y1 Y2 Cb Cr for a pair of pixels.
        let frames = try rgb(DICOMFixture.image(rows: 1, columns: 2, samples: 3, photometric: "YBR_FULL_422",
                                                pixels: [50, 150, 128, 128]))
        #expect(frames.first?.pixels == [50, 50, 50, 150, 150, 150])
    }

    @Test func multiFrameGivesOneFrameEach() throws {
        let frames = try rgb(DICOMFixture.image(rows: 1, columns: 2, samples: 1, photometric: "MONOCHROME2", frames: 3,
                                                pixels: [1, 2, 3, 4, 5, 6]))
        #expect(frames.count == 3)
        #expect(frames.map { $0.pixels[0] } == [1, 3, 5])
        #expect(frames.allSatisfy { $0.width == 2 && $0.height == 1 })
    }

    @Test func signedSamplesAreShiftedToStartAtZero() {
        let table = DICOMPixelDecoder.scaleTable(bitsAllocated: 8, bitsStored: 8, signed: true, invert: false)
        #expect(table[0x80] == 0)     // -128
        #expect(table[0x00] == 128)   // 0
        #expect(table[0x7F] == 255)   // 127
    }

    @Test func paletteColourIsRefused() {
        let data = DICOMFixture.image(rows: 1, columns: 1, samples: 1, photometric: "PALETTE COLOR", pixels: [0, 0])
        #expect(dicomError { try reader.readImage(data) }?.code == "unsupportedPixelFormat")
    }
}
