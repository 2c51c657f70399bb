import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import RetinaServer

/// The monitoring dashboard in headless Chromium, as `ViewerBrowserTests` runs the viewer.
@Suite("Monitoring dashboard in a browser")
struct MonitoringDashboardBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("browser/monitoring_test.py")

    @Test("After a few analyses the dashboard draws every time series and each feature's histogram against its reference")
    func dashboard() async throws {
        guard ViewerBrowserTests.browserAvailable() else {
            print("skipped: chromium, chromium-driver or selenium missing (bash scripts/setup.sh --test installs them)")
            return
        }
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let analyses = 3
        let app = Application(router: RetinaApplication.router(service: fixture.service),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let (status, output) = try await app.test(.live) { client -> (Int32, String) in
            for seed in 1 ... analyses {
                let response = try await client.execute(uri: "/v1/analyses?tasks=quality,rop", method: .post, headers: [.contentType: "image/jpeg"],
                                                        body: ByteBuffer(bytes: try ServerFixture.fundusJPEG(seed: UInt64(seed))))
                #expect(response.status == .ok)
            }
            let port = try #require(client.port)
            return try await Self.run(url: "http://127.0.0.1:\(port)/", analyses: analyses)
        }
        #expect(status == 0, "\(output)")
        print(output)
    }

    static func run(url: String, analyses: Int) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, url, String(analyses)]
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
