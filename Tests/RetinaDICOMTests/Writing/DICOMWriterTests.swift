import Foundation
import Testing
@testable import RetinaDICOM

@Suite struct DICOMWriterTests {
    let reader = DICOMReader()

    private func sourceStudy() throws -> DICOMStudyReference {
        let source = try reader.read(DICOMFixture.image(rows: 1, columns: 1, samples: 1, photometric: "MONOCHROME2", pixels: [0, 0]))
        return try #require(DICOMStudyReference(source: source.dataSet))
    }

    private func bitmap(width: Int, height: Int) throws -> DICOMRGBFrame {
        let pixels = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 3) }
        return try #require(DICOMRGBFrame(width: width, height: height, pixels: pixels))
    }

    @Test func secondaryCaptureRoundTrips() throws {
        let study = try sourceStudy()
        let image = try bitmap(width: 5, height: 3)  // odd width: 45 bytes, padded to 46
        let capture = DICOMSecondaryCapture(study: study, image: image)
        let data = try capture.write()
        let parsed = try reader.readImage(data)
        #expect(parsed.frames == [.rgb(image)])
        let m = parsed.metadata
        #expect(m.sopClassUID == DICOMSecondaryCapture.sopClassUID)
        #expect(m.studyInstanceUID == "1.2.826.0.1.3680043.2.1125.1")
        #expect(m.patientID == "MRN0042")
        #expect(m.patientName == "Doe^Baby")
        #expect(m.accessionNumber == "ACC123")
        #expect(m.seriesInstanceUID == capture.seriesInstanceUID)
        #expect(m.seriesInstanceUID != "1.2.826.0.1.3680043.2.1125.2")
        #expect(m.sopInstanceUID == capture.sopInstanceUID)
        #expect(m.laterality == .left)
        for uid in [capture.seriesInstanceUID, capture.sopInstanceUID] {
            #expect(uid.hasPrefix("2.25.") && DICOMUID.isValid(uid))
        }
        #expect(parsed.file.fileMeta.string(.mediaStorageSOPInstanceUID) == capture.sopInstanceUID)
        #expect(parsed.file.fileMeta.string(.transferSyntaxUID) == DICOMTransferSyntax.explicitVRLittleEndian.uid)
        #expect(parsed.file.dataSet.sequence(.sourceImageSequence).first?.string(.referencedSOPInstanceUID) == "1.2.826.0.1.3680043.2.1125.3")
    }

    @Test func fileMetaGroupLengthAndEvenLengths() throws {
        let data = [UInt8](try DICOMSecondaryCapture(study: try sourceStudy(), image: try bitmap(width: 3, height: 1)).write())
        #expect(Array(data[128..<132]) == Array("DICM".utf8))
        // (0002,0000) UL 4 <length>, then exactly that many bytes of group 0002.
        var walker = DICOMByteReader(data, offset: 132)
        #expect(try walker.tag() == .fileMetaGroupLength)
        try walker.skip(4)
        let groupLength = Int(try walker.uint32())
        let metaEnd = walker.offset + groupLength
        while walker.offset < data.count {
            let tag = try walker.tag()
            #expect((walker.offset < metaEnd) == (tag.group == 0x0002), "\(tag) at the wrong side of the meta group")
            let vr = try #require(DICOMValueRepresentation(bytes: try walker.uint8(), try walker.uint8()))
            let length: Int
            if vr.hasLongLength { try walker.skip(2); length = Int(try walker.uint32()) } else { length = Int(try walker.uint16()) }
            #expect(length % 2 == 0, "\(tag) has odd length \(length)")
            try walker.skip(length)
        }
        #expect(walker.offset == data.count)
    }

    @Test func rewritesImplicitVRAsExplicit() throws {
        let implicit = try reader.read(DICOMFixture.image(transferSyntax: DICOMTransferSyntax.implicitVRLittleEndian.uid, rows: 1,
                                                          columns: 2, samples: 1, photometric: "MONOCHROME2", pixels: [9, 8]))
        let rewritten = try reader.readImage(try DICOMWriter().write(implicit))
        #expect(rewritten.file.transferSyntax == .explicitVRLittleEndian)
        #expect(rewritten.metadata.patientID == "MRN0042")
        guard case .rgb(let frame) = rewritten.frames.first else { Issue.record("expected RGB"); return }
        #expect(frame.pixels == [9, 9, 9, 8, 8, 8])
    }

    @Test func keepsEncapsulatedPixelData() throws {
        var body = DICOMFixture()
        body.identifiers()
        body.imagePixel(rows: 2, columns: 2, samples: 3, photometric: "YBR_FULL_422")
        body.encapsulated(offsetTable: [0], fragments: [[0xFF, 0xD8, 1, 0xFF, 0xD9, 0]])
        let file = try reader.read(DICOMFixture.part10(transferSyntax: DICOMTransferSyntax.jpegBaseline.uid, body: body.bytes))
        let again = try reader.read(try DICOMWriter().write(file))
        #expect(again.transferSyntax == .jpegBaseline)
        #expect(again.dataSet[.pixelData] == file.dataSet[.pixelData])
    }

    @Test func refusesWhatItCannotWrite() throws {
        var d = DICOMDataSet()
        d.set(.patientID, .LO, "x")
        #expect(dicomError { try DICOMWriter().write(d) } == .missingAttribute(tag: .sopClassUID))
        d.set(.sopClassUID, .UI, "1.2")
        d.set(.sopInstanceUID, .UI, "1.3")
        d.set(.patientName, .PN, String(repeating: "a", count: 70_000))
        #expect(dicomError { try DICOMWriter().write(d) }?.code == "cannotWrite")
    }

    @Test func basicTextReportRoundTrips() throws {
        let items: [DICOMReportItem] = [
            .code(concept: .ropscreen("rop-finding", "ROP finding"), value: .retinopathyOfPrematurity),
            .number(concept: .ropscreen("rop-probability", "Probability of ROP"), value: 0.8734, units: .noUnits),
            .text(concept: .ropscreen("conclusion", "Conclusion"), value: "ROP suspected; refer to an ophthalmologist."),
            .container(concept: .ropscreen("plus-vessel-biomarkers", "Plus disease vessel biomarkers"), children: [
                .number(concept: .ropscreen("vessel-tortuosity-mean", "Mean tortuosity"), value: 1.0625, units: .noUnits),
            ]),
        ]
        let report = DICOMBasicTextReport(study: try sourceStudy(), items: items)
        let file = try reader.read(try report.write())
        #expect(file.sopClassUID == DICOMBasicTextReport.sopClassUID)
        #expect(file.dataSet.string(.modality) == "SR")
        #expect(file.dataSet.string(.valueType) == "CONTAINER")
        #expect(file.dataSet.string(.studyInstanceUID) == "1.2.826.0.1.3680043.2.1125.1")
        #expect(DICOMBasicTextReport.items(of: file.dataSet) == items)
        let evidence = file.dataSet.sequence(.currentRequestedProcedureEvidenceSequence).first
        #expect(evidence?.sequence(.referencedSeriesSequence).first?.sequence(.referencedSOPSequence).first?
            .string(.referencedSOPInstanceUID) == "1.2.826.0.1.3680043.2.1125.3")
        #expect(dicomError { try reader.readImage(try report.write()) } == .missingPixelData)
    }

    @Test func decimalStringsFitSixteenCharacters() {
        #expect(DICOMReportItem.decimalString(0.873412345678912345).count <= 16)
        #expect(Double(DICOMReportItem.decimalString(1.0625)) == 1.0625)
        #expect(DICOMReportItem.decimalString(-1.5e-300).count <= 16)
    }

    @Test func uuidDerivedUIDs() throws {
        let uuid = try #require(UUID(uuidString: "00000000-0000-0000-0000-000000000101"))
        #expect(DICOMUID.make(from: uuid) == "2.25.257")
        let max = try #require(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"))
        #expect(DICOMUID.make(from: max) == "2.25.340282366920938463463374607431768211455")
        #expect(DICOMUID.isValid(DICOMUID.make()))
        #expect(!DICOMUID.isValid("1.02.3") && !DICOMUID.isValid("1..2") && !DICOMUID.isValid(""))
    }

    @Test func pydicomReadsTheSecondaryCaptureAndReport() throws {
        guard PythonPydicom.isAvailable else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ropscreen-dicom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try bitmap(width: 5, height: 3)
        let scURL = directory.appendingPathComponent("sc.dcm"), srURL = directory.appendingPathComponent("sr.dcm")
        try DICOMSecondaryCapture(study: try sourceStudy(), image: image).write().write(to: scURL)
        try DICOMBasicTextReport(study: try sourceStudy(), items: [
            .number(concept: .ropscreen("rop-probability", "Probability of ROP"), value: 0.25, units: .noUnits),
        ]).write().write(to: srURL)
        let script = """
        import sys, pydicom
        sc = pydicom.dcmread(sys.argv[1])
        a = sc.pixel_array
        print(a.shape, list(a.reshape(-1)[:6]), sc.PatientID, sc.StudyInstanceUID, sc.file_meta.TransferSyntaxUID)
        sr = pydicom.dcmread(sys.argv[2])
        print(sr.ContentSequence[0].MeasuredValueSequence[0].NumericValue, sr.ContentSequence[0].ValueType)
        """
        let result = try PythonPydicom.run(script, arguments: [scURL.path, srURL.path])
        #expect(result.status == 0, "\(result.output)")
        let expectedStart = image.pixels.prefix(6).map(String.init).joined(separator: ", ")
        #expect(result.output.contains("(3, 5, 3)"), "\(result.output)")
        #expect(result.output.replacingOccurrences(of: "np.uint8(", with: "").replacingOccurrences(of: ")", with: "")
            .contains(expectedStart), "\(result.output)")
        #expect(result.output.contains("MRN0042 1.2.826.0.1.3680043.2.1125.1 1.2.840.10008.1.2.1"), "\(result.output)")
        #expect(result.output.contains("0.25 NUM"), "\(result.output)")
    }

    @Test func readsWhatPydicomWrites() throws {
        guard PythonPydicom.isAvailable else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ropscreen-dicom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
        import sys, numpy as np, pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, generate_uid
        for name, syntax in [("e", ExplicitVRLittleEndian), ("i", ImplicitVRLittleEndian), ("d", DeflatedExplicitVRLittleEndian)]:
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.77.1.5.1"
            meta.MediaStorageSOPInstanceUID = generate_uid()
            meta.TransferSyntaxUID = syntax
            ds = Dataset(); ds.file_meta = meta
            ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
            ds.PatientID = "PYD1"; ds.PatientName = "Py^Dicom"; ds.StudyInstanceUID = "1.2.3.4"; ds.ImageLaterality = "R"
            ds.Modality = "OP"; ds.Rows = 3; ds.Columns = 4; ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = "MONOCHROME2"
            ds.BitsAllocated = 16; ds.BitsStored = 10; ds.HighBit = 9; ds.PixelRepresentation = 0
            ds.ReferencedImageSequence = [Dataset()]; ds.ReferencedImageSequence[0].ReferencedSOPInstanceUID = "1.2.3.4.5"
            ds.PixelData = (np.arange(12, dtype=np.uint16) * 90).tobytes()
            ds.save_as(sys.argv[1] + "/" + name + ".dcm", enforce_file_format=True)
        """
        let result = try PythonPydicom.run(script, arguments: [directory.path])
        try #require(result.status == 0, "\(result.output)")
        for name in ["e", "i", "d"] {
            let image = try reader.readImage(try Data(contentsOf: directory.appendingPathComponent(name + ".dcm")))
            #expect(image.metadata.patientID == "PYD1")
            #expect(image.metadata.imageLaterality == .right)
            #expect(image.file.dataSet.sequence(DICOMTag(0x0008, 0x1140)).first?.string(.referencedSOPInstanceUID) == "1.2.3.4.5")
            guard case .rgb(let frame) = image.frames.first else { Issue.record("expected RGB"); continue }
            // 10 bits stored: value v becomes v >> 2.
            #expect(frame.width == 4 && frame.height == 3)
            let reds: [UInt8] = stride(from: 0, to: frame.pixels.count, by: 3).map { frame.pixels[$0] }
            let expected: [UInt8] = (0..<12).map { (index: Int) -> UInt8 in UInt8((index * 90) >> 2) }
            #expect(reds == expected)
        }
    }
}
