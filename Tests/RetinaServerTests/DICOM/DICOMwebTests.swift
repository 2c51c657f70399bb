import Foundation
import HTTPTypes
import Hummingbird
import RetinaAnalysis
import RetinaDICOM
import Synchronization
import Testing
@testable import RetinaServer

struct UnreachablePACS: Error {}

@Suite("DICOMweb: STOW-RS in, results to the PACS")
struct DICOMwebTests {
    static func stow(_ client: CheckedClient, _ instances: [[UInt8]]) async throws -> CheckedResponse {
        let multipart = DICOMMultipartRelated(instances: instances.map { Data($0) })
        return try await client.request("/dicom-web/studies", method: .post, headers: [.contentType: multipart.contentType],
                                        body: [UInt8](multipart.body))
    }

    /// The items of a sequence of a DICOM JSON store response.
    static func items(_ response: CheckedResponse, _ tag: String) -> [[String: Any]] {
        ((response.json?[tag] as? [String: Any])?["Value"] as? [[String: Any]]) ?? []
    }

    static func uid(_ item: [String: Any], _ tag: String) -> String? {
        ((item[tag] as? [String: Any])?["Value"] as? [Any])?.first as? String
    }

    @Test("STOW-RS: stored instances are referenced, refused ones failed with their reason; 200, 202, 409")
    func storeResponse() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let good = try DICOMTestObjects.rgb()
        let sopInstance = try DICOMReader().readImage(Data(good)).metadata.sopInstanceUID
        let broken = try DICOMTestObjects.broken()
        let noPixels = try #require(broken.first { $0.code == "MISSING_PIXEL_DATA" }).body
        let bigEndian = try #require(broken.first { $0.code == "UNSUPPORTED_TRANSFER_SYNTAX" }).body
        try await fixture.withClient { client in
            let all = try await Self.stow(client, [good])
            #expect(all.status == 200 && all.contentType == "application/dicom+json")
            #expect(Self.items(all, "00081199").map { Self.uid($0, "00081155") } == [sopInstance])
            #expect(all.headers[.analysisIDs]?.isEmpty == false)

            let some = try await Self.stow(client, [good, noPixels])
            #expect(some.status == 202)
            let failed = Self.items(some, "00081198")
            #expect(failed.count == 1 && Self.items(some, "00081199").count == 1)
            #expect(((failed.first?["00081197"] as? [String: Any])?["Value"] as? [Int]) == [0x0122])

            let none = try await Self.stow(client, [bigEndian])
            #expect(none.status == 409)
            #expect(((Self.items(none, "00081198").first?["00081197"] as? [String: Any])?["Value"] as? [Int]) == [0xC122])

            let notMultipart = try await client.request("/dicom-web/studies", method: .post, headers: [.contentType: "application/dicom"], body: good)
            #expect(notMultipart.errorCode == "UNSUPPORTED_MEDIA_TYPE" && notMultipart.status == 415)
            let truncated = try await client.request("/dicom-web/studies", method: .post,
                                                     headers: [.contentType: "multipart/related; type=\"application/dicom\"; boundary=b"],
                                                     body: Array("--b\r\nContent-Type: application/dicom\r\n\r\nDICM".utf8))
            #expect(truncated.errorCode == "INVALID_MULTIPART" && truncated.status == 400)
        }
        #expect(try await fixture.service.store.count() == 2)
    }

    @Test("With a PACS configured, the overlay and the SR go back by STOW-RS after the answer, retried after a failure")
    func resultsToPACS() async throws {
        let received = Mutex<[(url: URL, contentType: String, body: Data)]>([])
        let calls = Mutex(0)
        let client = STOWClient { url, contentType, body in
            // The first try fails as an unreachable PACS would; the retry is taken.
            if calls.withLock({ $0 += 1; return $0 }) == 1 { throw UnreachablePACS() }
            received.withLock { $0.append((url, contentType, body)) }
            return 200
        }
        let fixture = try ServerFixture(stowClient: client) { configuration in
            configuration.pacsURL = URL(string: "http://pacs.invalid/dicom-web")
            configuration.pacsRetryDelay = .milliseconds(10)
        }
        defer { fixture.cleanUp() }
        let forwarder = try #require(fixture.service.pacs)
        let running = Task { try await forwarder.run() }
        defer { running.cancel() }
        let source = try DICOMTestObjects.rgb()
        let box = ResponseBox()
        try await fixture.withClient { client in
            box.value = try await client.analyse(source, contentType: "application/dicom")
        }
        let report = try JSONDecoder().decode(Report.self, from: try #require(box.value).body)
        for _ in 0 ..< 200 where received.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(50)) }
        let delivery = try #require(received.withLock { $0.first })
        #expect(calls.withLock { $0 } == 2)
        #expect(delivery.url.absoluteString == "http://pacs.invalid/dicom-web/studies")
        let instances = try DICOMMultipartRelated(contentType: delivery.contentType, body: delivery.body).instances
        #expect(instances.count == 2)

        let reader = DICOMReader()
        let capture = try reader.readImage(instances[0])
        let sourceMetadata = try reader.readImage(Data(source)).metadata
        #expect(capture.metadata.sopClassUID == DICOMSecondaryCapture.sopClassUID)
        #expect(capture.metadata.studyInstanceUID == DICOMTestObjects.studyInstanceUID && capture.metadata.patientID == DICOMTestObjects.patientID)
        #expect(capture.frames.first?.width == report.image.width && capture.frames.first?.height == report.image.height)
        #expect(capture.file.dataSet.sequence(.sourceImageSequence).first?.string(.referencedSOPInstanceUID) == sourceMetadata.sopInstanceUID)

        let sr = try reader.read(instances[1])
        #expect(sr.sopClassUID == DICOMBasicTextReport.sopClassUID && sr.dataSet.string(.studyInstanceUID) == DICOMTestObjects.studyInstanceUID)
        let concepts = DICOMBasicTextReport.items(of: sr.dataSet).map(\.concept.value)
        #expect(concepts.contains("image-quality") && concepts.contains("rop-finding"), "\(concepts)")
    }

    @Test("The log names analyses by id, never by the object's patient, study or instance identifiers")
    func logsWithoutIdentifiers() async throws {
        let lines = RecordingLogHandler.Lines()
        let unavailable = STOWClient { _, _, _ in 503 }
        let fixture = try ServerFixture(stowClient: unavailable, logger: RecordingLogHandler.logger(lines)) { configuration in
            configuration.pacsURL = URL(string: "http://pacs.invalid/dicom-web")
            configuration.pacsAttempts = 2
            configuration.pacsRetryDelay = .milliseconds(10)
        }
        defer { fixture.cleanUp() }
        let forwarder = try #require(fixture.service.pacs)
        let running = Task { try await forwarder.run() }
        defer { running.cancel() }
        let source = try DICOMTestObjects.rgb()
        let noPixels = try #require(try DICOMTestObjects.broken().first { $0.code == "MISSING_PIXEL_DATA" }).body
        try await fixture.withClient { client in
            let analysed = try await client.analyse(source, contentType: "application/dicom")
            let stored = try await Self.stow(client, [source, noPixels])
            #expect(analysed.status == 200 && stored.status == 202)
        }
        for _ in 0 ..< 200 where lines.all.filter({ $0.contains("after every attempt") }).count < 2 { try await Task.sleep(for: .milliseconds(50)) }
        let metadata = try DICOMReader().readImage(Data(source)).metadata
        let instance = try #require(metadata.sopInstanceUID), series = try #require(metadata.seriesInstanceUID)
        let secrets = [DICOMTestObjects.patientID, "Doe^Baby", "ACC123", DICOMTestObjects.studyInstanceUID, instance, series]
        #expect(lines.all.filter { $0.contains("after every attempt") }.count == 2, "\(lines.all)")
        #expect(lines.all.contains { $0.hasPrefix("info analysis") })
        for line in lines.all {
            #expect(!secrets.contains { line.contains($0) }, "\(line)")
        }
    }
}
