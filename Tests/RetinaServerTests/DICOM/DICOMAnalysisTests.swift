import Foundation
import HTTPTypes
import Hummingbird
import RetinaAnalysis
import RetinaDICOM
import RetinaStore
import Testing
@testable import RetinaServer

@Suite("DICOM in, FHIR out")
struct DICOMAnalysisTests {
    @Test("A DICOM object is analysed; its identifiers are stored apart from the report and the photograph")
    func dicomIn() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let left = try DICOMTestObjects.rgb(laterality: "L"), right = try DICOMTestObjects.rgb(laterality: "R")
        try await fixture.withClient { client in
            var reports: [Report] = []
            for body in [left, right] {
                let response = try await client.analyse(body, contentType: "application/dicom", query: "?tasks=quality,laterality,landmarks")
                #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
                let report = try JSONDecoder().decode(Report.self, from: response.body)
                #expect(response.headers[.analysisIDs] == report.id)
                #expect(report.image.width == 384 && report.image.height == 384)
                #expect(!String(decoding: response.body, as: UTF8.self).contains(DICOMTestObjects.patientID))
                reports.append(report)
            }
            // The object names the left eye, then the right: exactly one disagrees with the model.
            let flagged = reports.filter { $0.warnings.contains { $0.hasPrefix("DICOM_LATERALITY_DISAGREEMENT") } }
            #expect(flagged.count == 1 && flagged.allSatisfy { $0.laterality?.needsReview == true })

            let identifiers = try #require(try await fixture.service.store.identifiers(ofAnalysis: reports[0].id))
            #expect(identifiers.patientID == DICOMTestObjects.patientID && identifiers.studyInstanceUID == DICOMTestObjects.studyInstanceUID)
            #expect(identifiers.laterality == "L" && identifiers.accessionNumber == "ACC123" && identifiers.frameCount == 1)
            #expect(identifiers.acquisitionDateTime == ISO8601DateFormatter().date(from: "2026-11-20T09:15:30Z"))
            #expect(identifiers.sopClassUID == DICOMSecondaryCapture.sopClassUID)

            // The kept photograph is the frame as PNG, without the object's identifiers.
            let image = try await client.request("/v1/analyses/\(reports[0].id)/image")
            #expect(image.status == 200 && image.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }

    @Test("JPEG baseline frames: one analysis per frame, the first frame's report answered, every id in X-Analysis-Ids")
    func multiFrameJPEG() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let body = try DICOMTestObjects.jpeg(frames: 3)
        try await fixture.withClient { client in
            let response = try await client.analyse(body, contentType: "application/dicom", query: "?tasks=quality,laterality")
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            let ids = (response.headers[.analysisIDs] ?? "").split(separator: ",").map(String.init)
            let first = try JSONDecoder().decode(Report.self, from: response.body)
            #expect(ids.count == 3 && ids.first == first.id)
            #expect(first.warnings.contains { $0.hasPrefix("DICOM_FRAME: frame 1 of the 3") })
            for (index, id) in ids.enumerated() {
                let identifiers = try await fixture.service.store.identifiers(ofAnalysis: id)
                #expect(identifiers?.frameNumber == index + 1 && identifiers?.frameCount == 3)
            }
            // The kept photograph of a JPEG frame is its codestream.
            let image = try await client.request("/v1/analyses/\(ids[1])/image")
            #expect(image.body.starts(with: [0xFF, 0xD8]))
        }
        #expect(try await fixture.service.store.count() == 3)
    }

    @Test("Broken or hostile DICOM gets a named error, nothing is stored, the server stays up")
    func brokenDICOM() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let broken = try DICOMTestObjects.broken()
        try await fixture.withClient { client in
            for object in broken {
                let response = try await client.analyse(object.body, contentType: "application/dicom")
                #expect(response.errorCode == object.code && response.status == object.status,
                        "\(object.name): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
                #expect(!String(decoding: response.body, as: UTF8.self).contains(DICOMTestObjects.patientID))
            }
            #expect(try await client.request("/healthz").status == 200)
        }
        #expect(try await fixture.service.store.count() == 0)
    }

    @Test("GET /v1/analyses/{id}/fhir is the DiagnosticReport filed under the object's patient and study")
    func fhirOut() async throws {
        let fixture = try ServerFixture { $0.patientIdentifierSystem = "urn:oid:1.2.36.146.595.217.0.1" }
        defer { fixture.cleanUp() }
        let body = try DICOMTestObjects.rgb()
        let jpeg = try ServerFixture.fundusJPEG()
        let box = ResponseBox()
        try await fixture.withClient { client in
            let analysed = try JSONDecoder().decode(Report.self, from: try await client.analyse(body, contentType: "application/dicom").body)
            let fhir = try await client.request("/v1/analyses/\(analysed.id)/fhir")
            #expect(fhir.status == 200 && fhir.contentType == "application/fhir+json")
            let report = try JSONDecoder().decode(FHIRDiagnosticReport.self, from: fhir.body)
            #expect(report.resourceType == "DiagnosticReport" && report.id == analysed.id && report.status == "preliminary")
            #expect(report.subject?.identifier == FHIRIdentifier(system: "urn:oid:1.2.36.146.595.217.0.1", value: DICOMTestObjects.patientID))
            #expect(report.imagingStudy?.first?.identifier == .dicomUID(DICOMTestObjects.studyInstanceUID))
            #expect(report.effectiveDateTime == "2026-11-20T09:15:30Z")
            let codes = Set((report.contained ?? []).map(\.code.coding[0].code))
            #expect(codes.isSuperset(of: ["image-quality", "imaged-eye", "rop-finding"]), "\(codes)")
            #expect(report.conclusion != nil)
            box.value = fhir

            // A photograph has no patient: the report has no subject.
            let plain = try JSONDecoder().decode(Report.self, from: try await client.analyse(jpeg, query: "?tasks=quality").body)
            let anonymous = try JSONDecoder().decode(FHIRDiagnosticReport.self, from: try await client.request("/v1/analyses/\(plain.id)/fhir").body)
            #expect(anonymous.subject == nil && anonymous.imagingStudy == nil)
            #expect(try await client.request("/v1/analyses/missing/fhir").errorCode == "NOT_FOUND")
        }
        let json = try #require(box.value).body
        guard let python = PythonTools.interpreter(with: "fhir.resources") else { return }
        let result = try PythonTools.run(python, script: PythonTools.validateFHIRDiagnosticReport, input: json)
        #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)")
    }

    /// Writes an Ophthalmic Photography object with pydicom from RGB bytes on standard input:
    /// arguments width, height, bits (8: OP 8 bit, 16: OP 16 bit, samples scaled by 257), output path.
    static let pydicomOphthalmicPhotograph = """
        import sys
        import numpy as np
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import generate_uid, ExplicitVRLittleEndian
        width, height, bits, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        rgb = np.frombuffer(sys.stdin.buffer.read(), dtype=np.uint8).reshape(height, width, 3)
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.77.1.5.1" if bits == 8 else "1.2.840.10008.5.1.4.1.1.77.1.5.2"
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.PatientID, ds.PatientName, ds.Modality, ds.ImageLaterality = "PYDICOM-1", "Py^Dicom", "OP", "L"
        ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
        ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = height, width, 3, "RGB", 0
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits, bits - 1, 0
        ds.PixelData = (rgb if bits == 8 else rgb.astype("<u2") * 257).tobytes()
        ds.save_as(path, enforce_file_format=True)
        """

    @Test("Ophthalmic Photography 8- and 16-bit objects written by pydicom are analysed like the photograph they hold")
    func pydicomObjects() async throws {
        guard let python = PythonTools.interpreter(with: "pydicom") else { return }
        let photo = try DICOMTestObjects.photograph()
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        var bodies: [[UInt8]] = []
        for bits in [8, 16] {
            let file = fixture.directory.appendingPathComponent("op\(bits).dcm")
            try FileManager.default.createDirectory(at: fixture.directory, withIntermediateDirectories: true)
            let written = try PythonTools.run(python, script: Self.pydicomOphthalmicPhotograph,
                                              arguments: [String(photo.width), String(photo.height), String(bits), file.path], input: Data(photo.pixels))
            #expect(written.status == 0, "\(written.output)")
            bodies.append([UInt8](try Data(contentsOf: file)))
        }
        let jpeg = try ServerFixture.fundusJPEG()
        let objects = bodies
        try await fixture.withClient { client in
            let reference = try JSONDecoder().decode(Report.self, from: try await client.analyse(jpeg, query: "?tasks=quality,laterality").body)
            for body in objects {
                let response = try await client.analyse(body, contentType: "application/dicom", query: "?tasks=quality,laterality")
                #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
                let report = try JSONDecoder().decode(Report.self, from: response.body)
                #expect(report.image == reference.image && report.laterality?.eye == reference.laterality?.eye)
                #expect(abs((report.quality?.score ?? -1) - (reference.quality?.score ?? 1)) < 0.1)
            }
        }
    }
}
