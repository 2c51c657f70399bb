import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RetinaMonitoring
import Testing
@testable import RetinaServer

@Suite("Monitoring webhook")
struct WebhookNotifierTests {
    /// Answers 503 to the first `failures` posts, then 200, keeping every body.
    actor Receiver {
        let failures: Int
        private(set) var bodies: [String] = []
        init(failures: Int) { self.failures = failures }
        func receive(_ body: String) -> HTTPResponse.Status {
            bodies.append(body)
            return bodies.count > failures ? .ok : .serviceUnavailable
        }
    }

    /// A snapshot of one model whose brightness moved by `shift` standard deviations.
    static func snapshot(shift: Double) throws -> MonitoringSnapshot {
        var generator = SplitMix64(seed: 16)
        func profile(_ mean: Double) -> InputProfile {
            var profile = InputProfile()
            profile[.brightness] = mean + 2 * generator.nextUnit() - 1
            return profile
        }
        let reference = try ReferenceProfile(profiles: (0 ..< 500).map { _ in profile(0) })
        var windows = try MonitoringWindows()
        for index in 0 ..< 100 {
            windows.record(MonitoredAnalysis(analysisID: "a\(index)", recordedAt: Date(), profile: profile(shift), latencyMs: 1))
        }
        return windows.snapshot(of: [WatchedClassifier(model: "rop", version: "1", reference: reference)], now: Date())
    }

    @Test("A drift is posted once, retried with backoff until the receiver takes it; a quiet start and an unchanged state post nothing")
    func retries() async throws {
        let receiver = Receiver(failures: 2)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            return Response(status: await receiver.receive(String(buffer: body)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let quiet = try Self.snapshot(shift: 0)
        let drifted = try Self.snapshot(shift: 5)
        #expect(!quiet.isDrifted && drifted.isDrifted)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let notifier = WebhookNotifier(url: URL(string: "http://127.0.0.1:\(port)/hook")!, attempts: 5, backoff: .milliseconds(20), logger: logger)
            await notifier.notifyIfChanged(quiet)
            await notifier.settle()
            #expect(await receiver.bodies.isEmpty)
            await notifier.notifyIfChanged(drifted)
            await notifier.settle()
            let bodies = await receiver.bodies
            #expect(bodies.count == 3)
            #expect(bodies.last?.contains("\"drifted\":true") == true && bodies.last?.contains("brightness") == true)
            await notifier.notifyIfChanged(drifted)
            await notifier.settle()
            #expect(await receiver.bodies.count == 3)
        }
    }
}
