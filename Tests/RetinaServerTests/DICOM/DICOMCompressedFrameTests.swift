import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaDICOM
import Testing
@testable import RetinaServer

/// JPEG-LS and JPEG 2000 frames, made by tools nobody here wrote (DCMTK's
/// `dcmcjpls`, OpenJPEG's `opj_compress`), decoded losslessly and analysed.
@Suite("DICOM JPEG-LS and JPEG 2000 frames")
struct DICOMCompressedFrameTests {
    static let dcmcjpls = "/usr/bin/dcmcjpls"
    static let opjCompress = "/usr/bin/opj_compress"

    static func work() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("compressed-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The single frame of `object` as the analysis service decodes it.
    static func decoded(_ object: [UInt8], syntax: DICOMTransferSyntax) throws -> Bitmap {
        let image = try DICOMReader().readImage(Data(object))
        guard case .compressed(let frame)? = image.frames.first, image.frames.count == 1 else {
            throw DICOMError.cannotWrite(reason: "expected one compressed frame")
        }
        #expect(frame.transferSyntax == syntax)
        return try Bitmap.decode(frame.bytes)
    }

    /// Analyses `object` through the API; the report's status and the kept photograph's first bytes.
    static func analyse(_ object: [UInt8]) async throws -> (status: Int, body: String, image: [UInt8]) {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let box = ResponseBox(), image = ResponseBox()
        try await fixture.withClient { client in
            let response = try await client.analyse(object, contentType: "application/dicom", query: "?tasks=quality,laterality")
            box.value = response
            if response.status == 200, let id = response.headers[.analysisIDs] {
                image.value = try await client.request("/v1/analyses/\(id)/image")
            }
        }
        let response = try #require(box.value)
        return (response.status, String(decoding: response.body, as: UTF8.self), image.value.map { [UInt8]($0.body) } ?? [])
    }

    @Test("A secondary capture compressed to JPEG-LS lossless by dcmcjpls decodes to the very pixels and is analysed")
    func jpegLS() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.dcmcjpls) else {
            print("skipped: DCMTK's dcmcjpls is not installed (scripts/setup.sh --test installs dcmtk)")
            return
        }
        let directory = try Self.work()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("rgb.dcm"), compressed = directory.appendingPathComponent("jls.dcm")
        try Data(try DICOMTestObjects.rgb()).write(to: source)
        let converted = try await DIMSEListenerTests.run(Self.dcmcjpls, [source.path, compressed.path])
        #expect(converted.status == 0, "\(converted.output)")
        let object = [UInt8](try Data(contentsOf: compressed))
        #expect(try Self.decoded(object, syntax: .jpegLSLossless) == (try DICOMTestObjects.photograph()))
        let analysed = try await Self.analyse(object)
        #expect(analysed.status == 200, "\(analysed.body)")
        #expect(analysed.image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "kept as PNG")
    }

    @Test("A JPEG 2000 lossless codestream from opj_compress, in a DICOM object, decodes to the very pixels and is analysed")
    func jpeg2000() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.opjCompress) else {
            print("skipped: OpenJPEG's opj_compress is not installed (scripts/setup.sh --test installs libopenjp2-tools)")
            return
        }
        let directory = try Self.work()
        defer { try? FileManager.default.removeItem(at: directory) }
        let photo = try DICOMTestObjects.photograph()
        let png = directory.appendingPathComponent("photo.png"), j2k = directory.appendingPathComponent("photo.j2k")
        try Data(try photo.pngData()).write(to: png)
        let converted = try await DIMSEListenerTests.run(Self.opjCompress, ["-i", png.path, "-o", j2k.path])
        #expect(converted.status == 0, "\(converted.output)")
        let codestream = [UInt8](try Data(contentsOf: j2k))

        var dataSet = try DICOMTestObjects.dataSet()
        dataSet.set(.photometricInterpretation, .CS, "YBR_RCT")
        dataSet[.pixelData] = DICOMElement(tag: .pixelData, vr: .OB, value: .encapsulated(DICOMEncapsulatedPixelData(fragments: [codestream])))
        let object = [UInt8](try DICOMWriter().write(dataSet, transferSyntax: .jpeg2000Lossless))
        #expect(try Self.decoded(object, syntax: .jpeg2000Lossless) == photo)
        let analysed = try await Self.analyse(object)
        #expect(analysed.status == 200, "\(analysed.body)")
        #expect(analysed.image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "kept as PNG")
    }
}
