import Foundation
import RetinaDICOM
import Testing
@testable import RetinaServer

/// The C-STORE listener against two DIMSE clients nobody here wrote: DCMTK's
/// `storescu` and pynetdicom.
@Suite("DIMSE C-STORE listener", .serialized)
struct DIMSEListenerTests {
    static let storescu = "/usr/bin/storescu"

    /// A service with its listener running on a free port; stopped by cancelling the task.
    struct Listening {
        let fixture: ServerFixture
        let listener: DIMSEListener
        let running: Task<Void, any Error>

        func stop() async {
            running.cancel()
            _ = await running.result
            fixture.cleanUp()
        }
    }

    static func listening(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> Listening {
        var failure = "no free port for the listener"
        for _ in 0 ..< 5 {
            let settings = DIMSESettings(port: Int.random(in: 30000 ..< 40000), aeTitle: "ROPSCREEN")
            let fixture = try ServerFixture {
                $0.dimse = settings
                $0.monitoring = nil
                configure(&$0)
            }
            let listener = DIMSEListener(settings: settings, service: fixture.service)
            let running = Task { try await listener.run() }
            // A port that cannot be bound ends the task at once; after 5 s another port is tried.
            for _ in 0 ..< 100 where !listener.isListening { try await Task.sleep(for: .milliseconds(50)) }
            if listener.isListening { return Listening(fixture: fixture, listener: listener, running: running) }
            running.cancel()
            if case .failure(let error) = await running.result { failure = "\(error)" }
            fixture.cleanUp()
        }
        throw DIMSEListener.ListenError(description: failure)
    }

    static func write(_ bytes: [UInt8], named name: String, in directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    @Test("storescu sends an uncompressed photograph, a two-frame JPEG object and a JPEG-LS one: each frame is analysed and stored")
    func storescuSends() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.storescu) else {
            print("skipped: DCMTK's storescu is not installed (scripts/setup.sh --test installs dcmtk)")
            return
        }
        let listening = try await Self.listening()
        let files = listening.fixture.directory.appendingPathComponent("send")
        let photo = try Self.write(try DICOMTestObjects.rgb(), named: "photo.dcm", in: files)
        let frames = try Self.write(try DICOMTestObjects.jpeg(frames: 2), named: "frames.dcm", in: files)
        let lossless = files.appendingPathComponent("jpeg-ls.dcm")
        let converted = try await Self.run(DICOMCompressedFrameTests.dcmcjpls, [photo.path, lossless.path])
        #expect(converted.status == 0, "\(converted.output)")
        let port = String(listening.listener.settings.port)
        // One association per object, proposing its own transfer syntax (-xy JPEG 8-bit, -xt JPEG-LS lossless).
        for (file, proposal) in [(photo, "-R"), (frames, "-xy"), (lossless, "-xt")] {
            let sent = try await Self.run(Self.storescu, [proposal, "-aet", "STORESCU", "-aec", "ROPSCREEN", "-to", "60", "-ta", "60", "-td", "300",
                                                         "127.0.0.1", port, file.path])
            #expect(sent.status == 0, "\(file.lastPathComponent): \(sent.output)")
        }
        #expect(try await listening.fixture.service.store.count() == 4)
        #expect(listening.listener.associations >= 3)
        let echo = try await Self.run("/usr/bin/echoscu", ["-aec", "ROPSCREEN", "127.0.0.1", port])
        #expect(echo.status == 0, "\(echo.output)")
        await listening.stop()
    }

    /// Sends each file with pynetdicom and prints `STATUS<TAB>COMMENT` per file; `called` is the AE title it calls.
    static let pynetdicomClient = """
        import sys
        from pydicom import dcmread
        from pynetdicom import AE
        from pynetdicom.sop_class import Verification
        port, called, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
        datasets = [dcmread(f) for f in files]
        ae = AE(ae_title="PYNETDICOM")
        ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = 120
        ae.add_requested_context(Verification)
        for ds in datasets:
            ae.add_requested_context(ds.SOPClassUID, ds.file_meta.TransferSyntaxUID)
        assoc = ae.associate("127.0.0.1", port, ae_title=called)
        if not assoc.is_established:
            print("REJECTED"); sys.exit(0)
        for ds in datasets:
            status = assoc.send_c_store(ds)
            print("%04X\\t%s" % (status.Status, status.get("ErrorComment", "")) if status else "NONE\\t")
        echo = assoc.send_c_echo()
        print("ECHO %04X" % echo.Status)
        assoc.release()
        """

    @Test("pynetdicom: success for a photograph, a failure status with the named error for each bad object, a wrong AE title refused, the listener alive")
    func pynetdicomStatuses() async throws {
        guard let python = PythonTools.interpreter(with: "pynetdicom") else { return }
        let listening = try await Self.listening()
        let files = listening.fixture.directory.appendingPathComponent("send")
        let broken = try DICOMTestObjects.broken()
        var noPixels = try DICOMTestObjects.dataSet()
        noPixels.remove(.pixelData)
        let huge = try #require(broken.first { $0.name == "100000 × 100000 frame" })
        let objects: [(name: String, bytes: [UInt8])] = [
            ("photo.dcm", try DICOMTestObjects.rgb(laterality: "R", seed: 3)),
            ("no-pixels.dcm", [UInt8](try DICOMWriter().write(noPixels))),
            ("huge.dcm", huge.body),
        ]
        let paths = try objects.map { try Self.write($0.bytes, named: $0.name, in: files).path }
        let port = String(listening.listener.settings.port)

        let answered = try await Self.run(python.path, ["-c", Self.pynetdicomClient] + [port, "ROPSCREEN"] + paths)
        let lines = answered.output.split(separator: "\n").map(String.init).filter { $0.range(of: "^[0-9A-F]{4}\t|^ECHO", options: .regularExpression) != nil }
        #expect(answered.status == 0 && lines.count == 4, "\(answered.output)")
        if lines.count == 4 {
            #expect(lines[0] == "0000\t")
            #expect(lines[1].hasPrefix("C000\tMISSING_PIXEL_DATA"), "\(lines[1])")
            #expect(lines[2].hasPrefix("A700\tIMAGE_TOO_LARGE"), "\(lines[2])")
            #expect(lines[3] == "ECHO 0000")
        }
        #expect(try await listening.fixture.service.store.count() == 1, "only the photograph is stored")

        let wrongTitle = try await Self.run(python.path, ["-c", Self.pynetdicomClient] + [port, "SOMEONE_ELSE", paths[0]])
        #expect(wrongTitle.output.contains("REJECTED"), "\(wrongTitle.output)")

        // Bytes that are not DICOM's upper layer protocol end that connection only.
        let garbage = try Self.sendGarbage(port: listening.listener.settings.port)
        #expect(garbage, "the connection could not be opened")
        let again = try await Self.run(python.path, ["-c", Self.pynetdicomClient] + [port, "ROPSCREEN", paths[0]])
        #expect(again.output.contains("0000\t") && again.output.contains("ECHO 0000"), "\(again.output)")
        #expect(try await listening.fixture.service.store.count() == 2)
        await listening.stop()
    }

    /// Opens a TCP connection to the listener, writes bytes that are no A-ASSOCIATE-RQ, and closes it.
    static func sendGarbage(port: Int) throws -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let bytes: [UInt8] = [0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF] + Array(repeating: 0x41, count: 64)
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        return true
    }

    /// Runs a program off the cooperative pool; its exit status and output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    try process.run()
                    let output = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: output, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }
}
