import Foundation
import Testing
@testable import RetinaDICOM

/// Broken and hostile files: each a named error, never a crash, a hang or a huge allocation.
@Suite struct HostileInputTests {
    let reader = DICOMReader()
    let valid = DICOMFixture.image(rows: 4, columns: 4, samples: 3, photometric: "RGB", pixels: [UInt8](repeating: 7, count: 48))

    @Test func emptyAndNotDICOM() {
        #expect(dicomError { try reader.read(Data()) } == .empty)
        #expect(dicomError { try reader.read(Data("GIF89a not a DICOM file".utf8)) } == .notDICOM)
        #expect(dicomError { try reader.read(Data([UInt8](repeating: 0, count: 300))) } == .notDICOM)
    }

    @Test func everyTruncationIsANamedError() {
        // Cut the file at every length: the reader must throw a DICOMError or succeed, never trap.
        for length in stride(from: 0, to: valid.count, by: 1) {
            let cut = valid.prefix(length)
            do {
                _ = try reader.readImage(Data(cut))
            } catch is DICOMError {
            } catch {
                Issue.record("length \(length): \(error)")
            }
        }
        #expect(dicomError { try reader.readImage(valid.prefix(valid.count - 10)) } != nil)
    }

    @Test func elementLengthPastTheEnd() {
        var body = DICOMFixture()
        body.header(.patientName, "PN", 60_000)
        body.bytes += Array("Doe".utf8)
        let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: body.bytes)
        #expect(dicomError { try reader.read(data) } == .elementLengthExceedsData(tag: .patientName, length: 60_000, remaining: 3))
        var huge = DICOMFixture()
        huge.header(.pixelData, "OB", 0xFFFF_FFF0)
        let hugeData = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: huge.bytes)
        #expect(dicomError { try reader.read(hugeData) }?.code == "elementLengthExceedsData")
    }

    @Test func nestingDepthLimit() {
        func nested(_ depth: Int) -> (inout DICOMFixture) -> Void {
            { item in
                if depth > 0 { item.sequence(.contentSequence, undefinedLength: true, items: [nested(depth - 1)]) }
            }
        }
        var body = DICOMFixture()
        body.sequence(.contentSequence, undefinedLength: true, items: [nested(40)])
        let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: body.bytes)
        #expect(dicomError { try reader.read(data) } == .nestingTooDeep(limit: 16))
        var shallow = DICOMFixture()
        shallow.sequence(.contentSequence, undefinedLength: false, items: [nested(5)])
        #expect(dicomError { try reader.read(DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: shallow.bytes)) } == nil)
    }

    @Test func declaredGiantFrameIsRefusedBeforeAllocating() {
        // 100000 does not fit a US, so a hostile file declares it as UL; the largest US frame is refused too.
        var body = DICOMFixture()
        body.identifiers()
        body.us(.samplesPerPixel, 3)
        body.string(.photometricInterpretation, "CS", "RGB")
        body.ul(.rows, 100_000)
        body.ul(.columns, 100_000)
        body.us(.bitsAllocated, 8)
        body.element(.pixelData, "OB", [0, 0, 0, 0])
        let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: body.bytes)
        #expect(dicomError { try reader.readImage(data) }?.code == "frameTooLarge")

        let maximal = DICOMFixture.image(rows: 65535, columns: 65535, samples: 3, photometric: "RGB", pixels: [0, 0])
        #expect(dicomError { try reader.readImage(maximal) }
                == .frameTooLarge(rows: 65535, columns: 65535, samplesPerPixel: 3, limit: DICOMLimits().maximumSamplesPerFrame))
    }

    @Test func tooManyFramesAndShortPixelData() {
        let many = DICOMFixture.image(rows: 1, columns: 1, samples: 1, photometric: "MONOCHROME2", frames: 1_000_000, pixels: [0, 0])
        #expect(dicomError { try reader.readImage(many) } == .tooManyFrames(count: 1_000_000, limit: 512))
        let short = DICOMFixture.image(rows: 10, columns: 10, samples: 1, photometric: "MONOCHROME2", pixels: [0, 0])
        #expect(dicomError { try reader.readImage(short) } == .pixelDataTooShort(expected: 100, actual: 2))
    }

    @Test func missingPixelData() {
        var body = DICOMFixture()
        body.identifiers()
        body.imagePixel(rows: 1, columns: 1, samples: 1, photometric: "MONOCHROME2")
        let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: body.bytes)
        #expect(dicomError { try reader.readImage(data) } == .missingPixelData)
    }

    @Test func dicomdirIsNotAnImage() {
        var body = DICOMFixture()
        body.string(DICOMTag(0x0004, 0x1130), "CS", "ROPSET")
        body.sequence(DICOMTag(0x0004, 0x1220), undefinedLength: true, items: [{ $0.string(DICOMTag(0x0004, 0x1430), "CS", "PATIENT") }])
        let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid,
                                       sopClass: DICOMFile.mediaStorageDirectorySOPClassUID, body: body.bytes)
        #expect(dicomError { try reader.readImage(data) } == .directoryNotImage)
    }

    @Test func unsupportedTransferSyntaxes() {
        let bigEndian = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRBigEndian.uid, body: [])
        #expect(dicomError { try reader.read(bigEndian) } == .unsupportedTransferSyntax(uid: "1.2.840.10008.1.2.2"))
        let unknown = DICOMFixture.part10(transferSyntax: "1.2.3.4.5", body: [])
        #expect(dicomError { try reader.read(unknown) }?.code == "unsupportedTransferSyntax")
    }

    @Test func deflateBombStopsAtTheLimit() throws {
        // 114 bytes of zlib output that inflate to 100 000 zeros, read with a 10 000-byte limit.
        let compressed = hexBytes("edc13101000000c2a0f54f6d0d0fa0" + String(repeating: "00", count: 96) + "805703")
        #expect(try Inflate.decompress(compressed, maximumOutput: 200_000) == [UInt8](repeating: 0, count: 100_000))
        let bomb = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.deflatedExplicitVRLittleEndian.uid, body: compressed)
        let small = DICOMReader(limits: DICOMLimits(maximumFileBytes: 10_000))
        #expect(dicomError { try small.read(bomb) } == .tooLarge(limit: 10_000))
        let garbage = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.deflatedExplicitVRLittleEndian.uid, body: [0xFF, 0xFF, 0xFF])
        #expect(dicomError { try reader.read(garbage) }?.code == "malformedDeflateData")
    }

    @Test func randomBytesAfterTheHeaderNeverCrash() {
        var generator = SplitMix64(seed: 20)
        for _ in 0..<300 {
            let count = Int(generator.next() % 400)
            let noise = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.explicitVRLittleEndian.uid, body: noise)
            do { _ = try reader.readImage(data) } catch is DICOMError {} catch { Issue.record("\(error)") }
        }
    }
}

/// A small deterministic generator for the fuzz test.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
