import Foundation
import FundusImaging
import Hummingbird
import HummingbirdTesting
import Testing
@testable import RetinaServer

/// The web viewer in headless Chromium (Debian's `chromium` and `chromium-driver`),
/// driven by selenium (PyPI) against a live server, all installed by
/// `scripts/setup.sh --test`. Skips, saying so, where they are missing.
@Suite("Web viewer in a browser")
struct ViewerBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("browser/viewer_test.py")

    static func browserAvailable() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else { return false }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import selenium"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    @Test("Choose a photograph, read the report over its overlay, reopen it from the history, see an error code")
    func viewer() async throws {
        guard Self.browserAvailable() else {
            print("skipped: chromium, chromium-driver or selenium missing (bash scripts/setup.sh --test installs them)")
            return
        }
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let photo = FileManager.default.temporaryDirectory.appendingPathComponent("viewer-\(UUID()).jpg")
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("viewer-\(UUID()).txt")
        try Data(try ServerFixture.fundusJPEG(size: 512)).write(to: photo)
        try Data("this is not a photograph".utf8).write(to: text)
        defer {
            try? FileManager.default.removeItem(at: photo)
            try? FileManager.default.removeItem(at: text)
        }
        let app = Application(router: RetinaApplication.router(service: fixture.service),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let (status, output) = try await app.test(.live) { client -> (Int32, String) in
            let port = try #require(client.port)
            return try await Self.runScript(url: "http://127.0.0.1:\(port)/", photo: photo.path, notAnImage: text.path)
        }
        #expect(status == 0, "\(output)")
        print(output)
    }

    /// Runs the selenium script without blocking a thread of the server's pool.
    static func runScript(url: String, photo: String, notAnImage: String) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, url, photo, notAnImage]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                continuation.resume(returning: (finished.terminationStatus, String(decoding: output, as: UTF8.self)))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
