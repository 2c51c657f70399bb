import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import RetinaServer

/// The server tested against its own OpenAPI document by a property-based API tester
/// (schemathesis, pinned in `.venv` by `scripts/setup.sh --test`): requests generated
/// from the document, valid and invalid, and every answer checked — no server error,
/// only documented statuses, content types, headers and bodies, schema-valid requests
/// accepted and schema-violating ones refused, undeclared methods 405. The seed is fixed,
/// so a run is repeatable. `POST /dicom-web/studies` (multipart/related, which schemathesis
/// cannot write) is left to the STOW-RS tests.
@Suite("API against its OpenAPI document")
struct APIPropertyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tester = ProcessInfo.processInfo.environment["ROPSCREEN_SCHEMATHESIS"] ?? root.appendingPathComponent(".venv/bin/schemathesis").path

    @Test("Generated requests from the document: no server error and every answer as documented", arguments: [false, true])
    func schemathesis(signedIn: Bool) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tester) else {
            print("skipped: schemathesis is not in .venv (bash scripts/setup.sh --test installs it)")
            return
        }
        // Signed in as an admin, the labelling platform's calls get past 401 too (all but
        // logout, which would end the session the run stands on). There a schema-valid body may
        // still be refused 400 for what a schema cannot say (bcrypt's 72-byte password limit counts
        // UTF-8 bytes, maxLength characters), so that one check is left out; every other holds.
        // Every route of the document: the registry too.
        let fixture = try RegistryFixture()
        defer { fixture.cleanUp() }
        try await fixture.addUsers([("root", .admin), ("ann", .annotator)])
        let work = fixture.directory.appendingPathComponent("schemathesis")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let document = Self.root.appendingPathComponent("Sources/RetinaServer/Resources/openapi.yaml")
        let app = Application(router: RetinaApplication.router(service: fixture.service, annotation: fixture.annotation, jobs: fixture.store,
                                                                registry: fixture.registry),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let (status, output) = try await app.test(.live) { client -> (Int32, String) in
            let port = try #require(client.port)
            var session: [String] = []
            if signedIn {
                let login = try await client.execute(uri: "/v1/annotation/login", method: .post, headers: [.contentType: "application/json"],
                                                     body: ByteBuffer(bytes: AnnotationAPITests.json(["username": "root", "password": "a long password"])))
                let cookie = try #require(login.headers[.setCookie]?.split(separator: ";").first)
                let csrf = try #require((try JSONSerialization.jsonObject(with: Data(buffer: login.body)) as? [String: Any])?["csrfToken"] as? String)
                session = ["-H", "Cookie: \(cookie)", "-H", "X-CSRF-Token: \(csrf)", "--exclude-path", "/v1/annotation/logout",
                           "--exclude-checks", "positive_data_acceptance"]
            }
            return try await Self.run(Self.tester, [
                "--config-file", Self.root.appendingPathComponent("Tests/api/schemathesis.toml").path,
                "run", document.path, "--url", "http://127.0.0.1:\(port)", "--checks", "all",
                "--phases", "examples,coverage,fuzzing", "--max-examples", "8", "--seed", "20261201", "--workers", "1",
                "--generation-database", "none", "--exclude-path", "/dicom-web/studies", "--max-response-time", "60",
            ] + session, in: work, output: work.appendingPathComponent("output.txt"), limit: .seconds(480))
        }
        #expect(status == 0, "\(output)")
        print(output.split(separator: "\n").suffix(20).joined(separator: "\n"))
    }

    /// Runs `executable` in `folder` without blocking a thread of the server's pool, its output
    /// to a file (a pipe would fill and stall it); killed after `limit`.
    static func run(_ executable: String, _ arguments: [String], in folder: URL, output: URL, limit: Duration) async throws -> (Int32, String) {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        (process.standardOutput, process.standardError) = (handle, handle)
        let watchdog = Task {
            try await Task.sleep(for: limit)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
