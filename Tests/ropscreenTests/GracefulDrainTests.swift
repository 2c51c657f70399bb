import Foundation
import Testing

/// `ropscreen serve` told to stop (SIGTERM) leaves the load balancer's pool before it
/// closes: `/readyz` answers 503 while requests are still answered, then it exits cleanly.
@Suite("Graceful drain")
struct GracefulDrainTests {
    // A 20 s drain: on a loaded machine each request here may take seconds.
    @Test("After SIGTERM /readyz answers 503 draining while the server still answers, then it exits 0")
    func drain() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("drain-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try RopscreenProcess.server(data: work.appendingPathComponent("data"), importRoot: work, port: Int.random(in: 40000 ..< 50000),
                                                 drainSeconds: 20)
        defer { server.kill() }
        try await server.waitUntilHealthy()
        let signalled = Date()
        kill(server.pid, SIGTERM)
        var draining = false
        for _ in 0 ..< 100 where !draining {
            draining = await server.status(of: "/readyz") == 503
            if !draining { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(draining, "/readyz never answered 503 after SIGTERM")
        #expect(await server.status(of: "/healthz") == 200, "a draining server still answers")
        #expect(await server.status(of: "/v1/models") == 200)
        while server.process.isRunning, Date().timeIntervalSince(signalled) < 90 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.process.isRunning && server.process.terminationStatus == 0)
        #expect(Date().timeIntervalSince(signalled) >= 19.5, "it closed before its drain period")
    }
}
