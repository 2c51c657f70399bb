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
    @Test("Choose a photograph, read the report over its overlay, reopen it from the history, see an error code")
    func viewer() async throws {
        guard BrowserScript.available() else {
            print(BrowserScript.skipMessage)
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
            return try await BrowserScript.run("viewer_test.py", ["http://127.0.0.1:\(port)/", photo.path, text.path])
        }
        #expect(status == 0, "\(output)")
        print(output)
    }
}
