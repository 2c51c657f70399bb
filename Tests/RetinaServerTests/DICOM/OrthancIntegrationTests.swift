import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaDICOM
import Testing
@testable import RetinaServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real PACS peer: Orthanc (Debian `orthanc` + `orthanc-dicomweb`) on
/// loopback ports, with a generated configuration, stopped when done.
struct OrthancProcess {
    static let executable = "/usr/sbin/Orthanc"
    static let plugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"

    let process: Process
    let directory: URL
    let base: URL

    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: executable) && FileManager.default.fileExists(atPath: plugin)
    }

    /// Starts Orthanc and waits until its REST API answers.
    static func start() async throws -> OrthancProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orthanc-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let httpPort = 20000 + Int(ProcessInfo.processInfo.processIdentifier % 20000)
        let configuration: [String: Any] = [
            "Name": "ropscreen-test", "StorageDirectory": directory.appendingPathComponent("db").path,
            "IndexDirectory": directory.appendingPathComponent("db").path, "HttpPort": httpPort, "DicomPort": httpPort + 1,
            "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomServerEnabled": false,
            "Plugins": [plugin], "DicomWeb": ["Enable": true, "Root": "/dicom-web/"],
            // ropscreen answers a C-STORE once the object is analysed: seconds in a debug build on a loaded machine
            // (Orthanc's default is 10 s), as an integration engineer would configure a PACS for an analysing peer.
            "DicomScuTimeout": 120,
        ]
        let file = directory.appendingPathComponent("orthanc.json")
        try JSONSerialization.data(withJSONObject: configuration).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [file.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("log.txt").creatingEmpty())
        try process.run()
        let orthanc = OrthancProcess(process: process, directory: directory, base: URL(string: "http://127.0.0.1:\(httpPort)")!)
        for _ in 0 ..< 100 {
            if let answer = try? await orthanc.request("system"), answer.1 == 200 { return orthanc }
            try await Task.sleep(for: .milliseconds(200))
        }
        orthanc.stop()
        throw OrthancError(description: "Orthanc did not start on port \(httpPort)")
    }

    /// Stops Orthanc: SIGTERM, then SIGKILL if it is still running after 5 s (started by Foundation's
    /// Process, Orthanc has been seen to outlive SIGTERM).
    func stop() {
        if process.isRunning { process.terminate() }
        for _ in 0 ..< 50 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    func request(_ path: String, method: String = "GET", body: Data? = nil, headers: [String: String] = [:]) async throws -> (Data, Int) {
        var request = URLRequest(url: base.appendingPathComponent(path), timeoutInterval: 30)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    struct OrthancError: Error, CustomStringConvertible { let description: String }
}

extension URL {
    fileprivate func creatingEmpty() -> URL {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return self
    }
}

@Suite("Orthanc integration", .serialized)
struct OrthancIntegrationTests {
    /// An infant photograph of the shared data (HVDROPDB-full's BV_Neo_14, a test photograph
    /// diagnosed ROP), else a generated one.
    static func fundusPhotograph() throws -> Bitmap {
        let file = PythonTools.repository.deletingLastPathComponent().appendingPathComponent("shared/data/HVDROPDB-full/images/BV_Neo_14.jpg")
        if let bytes = FileManager.default.contents(atPath: file.path) { return try Bitmap.decode([UInt8](bytes)) }
        print("HVDROPDB-full not under ../shared/data: a generated photograph goes to Orthanc instead")
        return try DICOMTestObjects.photograph(size: 480)
    }

    /// The camera's object, made with the project's writer, uploaded into Orthanc: its study UID and Orthanc's instance id.
    static func upload(to orthanc: OrthancProcess, patientID: String, laterality: String) async throws -> (studyUID: String, instanceID: String) {
        let photo = try fundusPhotograph()
        let frame = try #require(DICOMRGBFrame(width: photo.width, height: photo.height, pixels: photo.pixels))
        let studyUID = DICOMUID.make()
        let source = DICOMSecondaryCapture(
            study: DICOMStudyReference(patientID: patientID, patientName: "Test^Infant", studyInstanceUID: studyUID, laterality: laterality),
            image: frame, seriesDescription: "fundus camera", burnedInAnnotation: false)
        let (body, uploaded) = try await orthanc.request("instances", method: "POST", body: try source.write())
        #expect(uploaded == 200)
        let instanceID = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["ID"] as? String)
        return (studyUID, instanceID)
    }

    /// Expects the study to come to hold the camera's object, ropscreen's secondary capture and its SR (polled for up to 10 s).
    static func expectResults(in orthanc: OrthancProcess, studyUID: String) async throws {
        var classes: [String] = []
        for _ in 0 ..< 100 {
            let (qido, _) = try await orthanc.request("dicom-web/studies/\(studyUID)/instances", headers: ["Accept": "application/dicom+json"])
            let items = (try? JSONSerialization.jsonObject(with: qido) as? [[String: Any]]) ?? []
            classes = items.compactMap { (($0["00080016"] as? [String: Any])?["Value"] as? [String])?.first }
            if classes.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(classes.filter { $0 == DICOMSecondaryCapture.sopClassUID }.count == 2, "\(classes)")
        #expect(classes.contains(DICOMBasicTextReport.sopClassUID), "\(classes)")
        print("orthanc: study holds \(classes.count) instances: \(classes.sorted())")
    }

    @Test("A fundus photograph uploaded to Orthanc, pulled by DICOMweb, analysed by STOW-RS; the SC and SR come back into Orthanc's study")
    func roundTrip() async throws {
        guard OrthancProcess.isInstalled else {
            print("skipped: Orthanc with its DICOMweb plugin is not installed (scripts/setup.sh --test installs orthanc and orthanc-dicomweb)")
            return
        }
        let orthanc = try await OrthancProcess.start()
        defer { orthanc.stop() }

        // 1. The camera's object into Orthanc.
        let (studyUID, _) = try await Self.upload(to: orthanc, patientID: "ORTHANC-TEST-1", laterality: "R")

        // 2. Pulled back by WADO-RS, as a DICOMweb client of the PACS would.
        let (wado, wadoStatus) = try await orthanc.request("dicom-web/studies/\(studyUID)",
                                                           headers: ["Accept": "multipart/related; type=\"application/dicom\""])
        #expect(wadoStatus == 200)

        // 3. Pushed to ropscreen's STOW-RS, which sends its results to Orthanc's.
        let fixture = try ServerFixture { $0.pacsURL = orthanc.base.appendingPathComponent("dicom-web") }
        defer { fixture.cleanUp() }
        let forwarder = try #require(fixture.service.pacs)
        let running = Task { try await forwarder.run() }
        defer { running.cancel() }
        let (instances, boundary) = try Self.parts(of: wado)
        #expect(instances.count == 1, "boundary \(boundary)")
        let box = ResponseBox()
        try await fixture.withClient { client in box.value = try await DICOMwebTests.stow(client, instances.map { [UInt8]($0) }) }
        let stored = try #require(box.value)
        #expect(stored.status == 200, "\(String(decoding: stored.body, as: UTF8.self))")

        // 4. The secondary capture and the SR appear in the study in Orthanc.
        try await Self.expectResults(in: orthanc, studyUID: studyUID)
    }

    @Test("Orthanc pushes a photograph to ropscreen's C-STORE listener; the SC and SR come back into Orthanc's study by STOW-RS")
    func orthancPushesByCStore() async throws {
        guard OrthancProcess.isInstalled else {
            print("skipped: Orthanc with its DICOMweb plugin is not installed (scripts/setup.sh --test installs orthanc and orthanc-dicomweb)")
            return
        }
        let orthanc = try await OrthancProcess.start()
        defer { orthanc.stop() }
        let listening = try await DIMSEListenerTests.listening { $0.pacsURL = orthanc.base.appendingPathComponent("dicom-web") }
        let forwarder = try #require(listening.fixture.service.pacs)
        let forwarding = Task { try await forwarder.run() }
        defer { forwarding.cancel() }

        // ropscreen as one of Orthanc's DICOM modalities, as an integration engineer would declare it.
        let modality = try JSONSerialization.data(withJSONObject: ["AET": "ROPSCREEN", "Host": "127.0.0.1", "Port": listening.listener.settings.port])
        let (_, declared) = try await orthanc.request("modalities/ropscreen", method: "PUT", body: modality)
        #expect(declared == 200)

        let (studyUID, instanceID) = try await Self.upload(to: orthanc, patientID: "ORTHANC-TEST-2", laterality: "L")

        // Orthanc's C-STORE SCU sends it; the call returns when ropscreen has answered.
        let job = try JSONSerialization.data(withJSONObject: ["Resources": [instanceID], "Synchronous": true])
        let (storeBody, stored) = try await orthanc.request("modalities/ropscreen/store", method: "POST", body: job)
        #expect(stored == 200, "\(String(decoding: storeBody, as: UTF8.self))")
        #expect(try await listening.fixture.service.store.count() == 1)
        try await Self.expectResults(in: orthanc, studyUID: studyUID)
        await listening.stop()
    }

    /// The DICOM parts of a WADO-RS multipart answer, which names its boundary in the first line.
    static func parts(of body: Data) throws -> ([Data], String) {
        let firstLine = String(decoding: body.prefix(200), as: UTF8.self).split(separator: "\r\n").first.map(String.init) ?? ""
        let boundary = String(firstLine.dropFirst(2))
        let multipart = try DICOMMultipartRelated(contentType: "multipart/related; type=\"application/dicom\"; boundary=\(boundary)", body: body)
        return (multipart.instances, boundary)
    }
}
