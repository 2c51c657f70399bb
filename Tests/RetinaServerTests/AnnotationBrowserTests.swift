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
    @Test("Label 20 photographs by keyboard twice, adjudicate every disagreement, export the expected manifest, compare pairs")
    func labelAdjudicateExport() async throws {
        guard BrowserScript.available() else {
            print(BrowserScript.skipMessage)
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
            return try await BrowserScript.run("annotate_test.py", ["http://127.0.0.1:\(port)/"])
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
}
