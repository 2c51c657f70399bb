import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import RetinaServer

/// The monitoring dashboard in headless Chromium, as `ViewerBrowserTests` runs the viewer.
@Suite("Monitoring dashboard in a browser")
struct MonitoringDashboardBrowserTests {
    @Test("After a few analyses the dashboard draws every time series and each feature's histogram against its reference")
    func dashboard() async throws {
        guard BrowserScript.available() else {
            print(BrowserScript.skipMessage)
            return
        }
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let analyses = 3
        // The analyses go through the router in-process: the live client's fixed 20 s read
        // timeout is too short for a first analysis while the whole suite loads two cores.
        let router = RetinaApplication.router(service: fixture.service)
        try await Application(router: router).test(.router) { client in
            for seed in 1 ... analyses {
                let response = try await client.execute(uri: "/v1/analyses?tasks=quality,rop", method: .post, headers: [.contentType: "image/jpeg"],
                                                        body: ByteBuffer(bytes: try ServerFixture.fundusJPEG(seed: UInt64(seed))))
                #expect(response.status == .ok)
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let (status, output) = try await app.test(.live) { client -> (Int32, String) in
            let port = try #require(client.port)
            return try await BrowserScript.run("monitoring_test.py", ["http://127.0.0.1:\(port)/", String(analyses)])
        }
        #expect(status == 0, "\(output)")
        print(output)
    }
}
