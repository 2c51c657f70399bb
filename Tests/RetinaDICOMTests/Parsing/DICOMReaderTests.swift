import Foundation
import Testing
@testable import RetinaDICOM

@Suite struct DICOMReaderTests {
    let reader = DICOMReader()

    @Test func readsExplicitVRLittleEndianIdentifiers() throws {
        let data = DICOMFixture.image(rows: 2, columns: 2, samples: 1, photometric: "MONOCHROME2", pixels: [0, 64, 128, 255])
        let image = try reader.readImage(data)
        let m = image.metadata
        #expect(m.patientID == "MRN0042")
        #expect(m.patientName == "Doe^Baby")
        #expect(m.studyInstanceUID == "1.2.826.0.1.3680043.2.1125.1")
        #expect(m.seriesInstanceUID == "1.2.826.0.1.3680043.2.1125.2")
        #expect(m.sopInstanceUID == "1.2.826.0.1.3680043.2.1125.3")
        #expect(m.sopClassUID == "1.2.840.10008.5.1.4.1.1.77.1.5.1")
        #expect(m.modality == "OP")
        #expect(m.laterality == .right)
        #expect(m.imageLaterality == .left)
        #expect(m.eye == .left)
        #expect(m.manufacturer == "Natus")
        #expect(m.manufacturerModelName == "RetCam Envision")
        #expect(m.deviceSerialNumber == "SN-77")
        #expect(m.accessionNumber == "ACC123")
        #expect(m.transferSyntaxUID == DICOMTransferSyntax.explicitVRLittleEndian.uid)
        // 2024-03-15 10:30:45.5 at UTC+1 is 09:30:45.5 UTC.
        let expected = try #require(DICOMDateTime.date(dateTime: "20240315093045"))
        #expect(abs((m.acquisitionDateTime ?? .distantPast).timeIntervalSince(expected) - 0.5) < 0.001)
        #expect(image.frames == [.rgb(try #require(DICOMRGBFrame(width: 2, height: 2, pixels: [0, 0, 0, 64, 64, 64, 128, 128, 128, 255, 255, 255])))])
    }

    @Test func readsImplicitVRLittleEndian() throws {
        let data = DICOMFixture.image(transferSyntax: DICOMTransferSyntax.implicitVRLittleEndian.uid, rows: 1, columns: 2, samples: 3,
                                      photometric: "RGB", pixels: [1, 2, 3, 4, 5, 6])
        let image = try reader.readImage(data)
        #expect(image.metadata.patientID == "MRN0042")
        #expect(image.metadata.laterality == .right)
        #expect(image.file.transferSyntax == .implicitVRLittleEndian)
        guard case .rgb(let frame) = image.frames.first else { Issue.record("expected an RGB frame"); return }
        #expect(frame.pixels == [1, 2, 3, 4, 5, 6])
    }

    @Test func lateralityCodesMap() {
        #expect(DICOMLaterality(code: "L") == .left)
        #expect(DICOMLaterality(code: "r") == .right)
        #expect(DICOMLaterality(code: "B") == .unknown)
        #expect(DICOMLaterality(code: nil) == .unknown)
    }

    @Test(arguments: [true, false], [true, false])
    func readsNestedSequences(undefinedLength: Bool, explicitVR: Bool) throws {
        var body = DICOMFixture(explicitVR: explicitVR)
        body.string(.sopClassUID, "UI", "1.2.840.10008.5.1.4.1.1.7")
        body.sequence(.sourceImageSequence, undefinedLength: undefinedLength, items: [
            { item in
                item.string(.referencedSOPClassUID, "UI", "1.2.3")
                item.sequence(.conceptNameCodeSequence, undefinedLength: undefinedLength, items: [
                    { inner in inner.string(.codeValue, "SH", "415297005"); inner.string(.codingSchemeDesignator, "SH", "SCT") },
                ])
            },
            { item in item.string(.referencedSOPClassUID, "UI", "1.2.4") },
        ])
        body.string(.patientID, "LO", "P1")
        let syntax = explicitVR ? DICOMTransferSyntax.explicitVRLittleEndian : .implicitVRLittleEndian
        let file = try reader.read(DICOMFixture.part10(transferSyntax: syntax.uid, body: body.bytes))
        let items = file.dataSet.sequence(.sourceImageSequence)
        #expect(items.count == 2)
        #expect(items.first?.string(.referencedSOPClassUID) == "1.2.3")
        #expect(items.first?.sequence(.conceptNameCodeSequence).first?.string(.codeValue) == "415297005")
        #expect(items.last?.string(.referencedSOPClassUID) == "1.2.4")
        #expect(file.dataSet.string(.patientID) == "P1")
    }

    @Test func unknownUndefinedLengthInImplicitVRIsASequence() throws {
        var body = DICOMFixture(explicitVR: false)
        body.sequence(DICOMTag(0x0009, 0x1010), undefinedLength: true, items: [{ $0.string(.patientID, "LO", "X") }])
        let file = try reader.read(DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.implicitVRLittleEndian.uid, body: body.bytes))
        #expect(file.dataSet[DICOMTag(0x0009, 0x1010)]?.vr == .SQ)
        #expect(file.dataSet.sequence(DICOMTag(0x0009, 0x1010)).first?.string(.patientID) == "X")
    }

    private func encapsulatedImage(frames: Int, offsetTable: [UInt32], fragments: [[UInt8]],
                                   syntax: DICOMTransferSyntax = .jpegBaseline) -> Data {
        var body = DICOMFixture()
        body.identifiers()
        body.imagePixel(rows: 4, columns: 6, samples: 3, photometric: "YBR_FULL_422", frames: frames)
        body.encapsulated(offsetTable: offsetTable, fragments: fragments)
        return DICOMFixture.part10(transferSyntax: syntax.uid, body: body.bytes)
    }

    @Test func returnsCompressedFramesUndecoded() throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9, 0]
        let image = try reader.readImage(encapsulatedImage(frames: 1, offsetTable: [], fragments: [Array(jpeg[..<4]), Array(jpeg[4...])]))
        guard case .compressed(let frame) = image.frames.first else { Issue.record("expected a compressed frame"); return }
        #expect(frame.bytes == jpeg)
        #expect(frame.transferSyntax == .jpegBaseline)
        #expect(frame.width == 6 && frame.height == 4 && frame.samplesPerPixel == 3)
        #expect(frame.photometricInterpretation == "YBR_FULL_422")
    }

    @Test func splitsMultiFrameByOffsetTable() throws {
        let a: [UInt8] = [0xFF, 0xD8, 1, 2], b: [UInt8] = [3, 4], c: [UInt8] = [0xFF, 0xD8, 5, 6]
        // Frame 2 starts after two fragments of 8 + 4 and 8 + 2 bytes.
        let image = try reader.readImage(encapsulatedImage(frames: 2, offsetTable: [0, 22], fragments: [a, b, c], syntax: .jpegLSLossless))
        #expect(image.frames.count == 2)
        guard case .compressed(let first) = image.frames[0], case .compressed(let second) = image.frames[1] else {
            Issue.record("expected compressed frames"); return
        }
        #expect(first.bytes == a + b)
        #expect(second.bytes == c)
        #expect(first.transferSyntax == .jpegLSLossless)
    }

    @Test func splitsMultiFrameWithoutOffsetTable() throws {
        let frames: [[UInt8]] = [[0xFF, 0x4F, 0xFF, 0x51], [0xFF, 0x4F, 0xFF, 0x51, 9, 9]]
        let image = try reader.readImage(encapsulatedImage(frames: 2, offsetTable: [], fragments: frames, syntax: .jpeg2000))
        #expect(image.frames.count == 2)
        // Three fragments, two codestreams: split at the codestream markers.
        let split = try reader.readImage(encapsulatedImage(frames: 2, offsetTable: [],
                                                           fragments: [[0xFF, 0xD8, 1, 2], [3, 4], [0xFF, 0xD8, 5, 6]]))
        guard case .compressed(let first) = split.frames[0] else { Issue.record("expected a compressed frame"); return }
        #expect(first.bytes == [0xFF, 0xD8, 1, 2, 3, 4])
    }

    @Test func rejectsAnOffsetTableThatMatchesNoFragment() {
        let data = encapsulatedImage(frames: 2, offsetTable: [0, 7], fragments: [[0xFF, 0xD8], [0xFF, 0xD8]])
        #expect(dicomError { try reader.readImage(data) }?.code == "malformed")
    }

    @Test func readsDeflatedExplicitVRLittleEndian() throws {
        var body = DICOMFixture()
        body.identifiers()
        body.imagePixel(rows: 2, columns: 1, samples: 1, photometric: "MONOCHROME2")
        body.element(.pixelData, "OB", [10, 20])
        let data = DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.deflatedExplicitVRLittleEndian.uid,
                                       body: storedDeflate(body.bytes, blockSize: 100))
        let image = try reader.readImage(data)
        #expect(image.metadata.patientID == "MRN0042")
        guard case .rgb(let frame) = image.frames.first else { Issue.record("expected an RGB frame"); return }
        #expect(frame.pixels == [10, 10, 10, 20, 20, 20])
    }
}
