import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import RetinaServer

/// The labelling page in headless Chromium, driven by selenium against a live server
/// (see `ViewerBrowserTests` for what it needs; it skips, saying so, without them):
/// two annotators label 20 photographs with the keyboard, an adjudicator resolves their
/// disagreements, and the exported manifest is the one the script expects.
@Suite("Labelling page in a browser")
struct AnnotationBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("browser/annotate_test.py")

    @Test("Label 20 photographs by keyboard twice, adjudicate every disagreement, export the expected manifest, compare pairs")
    func labelAdjudicateExport() async throws {
        guard ViewerBrowserTests.browserAvailable() else {
            print("skipped: chromium, chromium-driver or selenium missing (bash scripts/setup.sh --test installs them)")
            return
        }
        // Secure cookies stay on: Chromium treats http://127.0.0.1 as a secure context and keeps them.
        let (fixture, root) = try await AnnotationAPITests.fixture(photographs: 20)
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        #expect(fixture.annotation.configuration.secureCookies)
        let app = Application(router: RetinaApplication.router(service: fixture.service, annotation: fixture.annotation),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let (status, output) = try await app.test(.live) { client -> (Int32, String) in
            let port = try #require(client.port)
            return try await Self.runScript(url: "http://127.0.0.1:\(port)/")
        }
        print(output)
        #expect(status == 0, "\(output)")
        #expect(try await fixture.annotation.repository.verifyAuditTrail().isIntact)
    }

    @Test("GET /annotate serves the page as documented: one file, nothing fetched from elsewhere, no inline handlers, no innerHTML")
    func servesThePage() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.withClient { client in
            let page = try await client.request("/annotate")
            #expect(page.status == 200 && page.contentType?.hasPrefix("text/html") == true)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<title>ropscreen — labelling</title>"))
            for forbidden in ["http://", "https://", "innerHTML", "onclick=", "onload=", "onkeydown=", "<link "] {
                #expect(!html.contains(forbidden), "the page contains \(forbidden)")
            }
        }
    }

    /// Runs the selenium script without blocking a thread of the server's pool.
    static func runScript(url: String) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, url]
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
