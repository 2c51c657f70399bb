import Foundation
import HTTPTypes
import Hummingbird
import RetinaMonitoring
import RetinaStore
import Testing
@testable import RetinaServer

@Suite("Monitoring API")
struct MonitoringAPITests {
    /// Monitoring that alerts on a handful of confirmations, for a test that sends a handful.
    static func configure(_ configuration: inout ServerConfiguration) {
        configuration.apiKeys = ["alpha-key", "beta-key"]
        var settings = MonitoringSettings()
        settings.statistics.windowCount = 50
        settings.statistics.alertRule = PerformanceAlertRule(margin: 0.05, criterion: .pointEstimateBelowFloor, minimumTrials: 2)
        configuration.monitoring = settings
    }

    /// The sites the two keys are grouped as: `key-` and the first 12 hex digits of their SHA-256.
    static let sites: Set<String> = ["key-\(String(sha256Hex("alpha-key").prefix(12)))", "key-\(String(sha256Hex("beta-key").prefix(12)))"]

    static func sha256Hex(_ text: String) -> String { ImageStore.hash(Array(text.utf8)) }

    static func key(_ key: String) -> HTTPFields { [HTTPField.Name("X-API-Key")!: key] }

    @Test("Analyses are profiled by site (a hash, never the key); wrong confirmations lower the live figures, raise the alert, and survive a restart")
    func profilesAndFeedback() async throws {
        let fixture = try ServerFixture(configure: Self.configure)
        defer { fixture.cleanUp() }
        let box = IDBox()
        try await fixture.withClient { client in
            for index in 0 ..< 4 {
                let jpeg = try ServerFixture.fundusJPEG(seed: UInt64(index + 1))
                let response = try await client.analyse(jpeg, query: "?tasks=quality,rop", headers: Self.key(index < 2 ? "alpha-key" : "beta-key"))
                #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
                if let id = response.json?["id"] as? String { box.ids.append(id) }
            }
            let monitoring = try await client.request("/v1/monitoring", headers: Self.key("alpha-key"))
            #expect(monitoring.status == 200)
            let text = String(decoding: monitoring.body, as: UTF8.self)
            #expect(!text.contains("alpha-key") && !text.contains("beta-key"))
            let snapshot = try Self.decoder.decode(MonitoringSnapshot.self, from: monitoring.body)
            let window = try #require(snapshot.window(.count))
            #expect(window.analyses == 4)
            #expect(window.models.map(\.model).sorted() == ["laterality", "quality", "rop"].filter { name in
                ServerFixture.models.cards.contains { $0.name == name }
            })
            let rop = try #require(window.models.first { $0.model == "rop" })
            if rop.drift != nil { #expect(Set(rop.bySite.keys) == Self.sites) }
            let monitor = try #require(fixture.service.monitor)
            let profiles = try await monitor.store.profiles(since: .distantPast, limit: 10)
            #expect(Set(profiles.compactMap { $0.profile[.site] }) == Self.sites)
            #expect(profiles.allSatisfy { $0.profile.embedding?.count == 128 && $0.profile[.ropProbability] != nil })

            // Every ROP finding contradicted: sensitivity and specificity 0 on what was confirmed.
            for id in box.ids {
                let stored = try await client.request("/v1/analyses/\(id)", headers: Self.key("alpha-key"))
                let finding = (stored.json?["rop"] as? [String: Any])?["finding"] as? String
                let body = try JSONSerialization.data(withJSONObject: ["rop": finding != "rop", "quality": "good"])
                let feedback = try await client.request("/v1/analyses/\(id)/feedback", method: .post,
                                                        headers: Self.key("beta-key"), body: [UInt8](body))
                #expect(feedback.status == 200, "\(String(decoding: feedback.body, as: UTF8.self))")
                let outcome = ((feedback.json?["outcomes"] as? [String: Any])?["rop"] as? [String: Any])
                #expect(outcome?["predictedPositive"] as? Bool != outcome?["actuallyPositive"] as? Bool)
            }
            let after = try Self.decoder.decode(MonitoringSnapshot.self, from: try await client.request("/v1/monitoring", headers: Self.key("alpha-key")).body)
            let live = try #require(after.window(.count)?.models.first { $0.model == "rop" })
            #expect(live.live?.accuracy?.value == 0 && live.live?.accuracy?.trials == 4)
            #expect(live.alerts.map(\.metric).contains(.accuracy))
            #expect(after.window(.count)?.confirmations == 4)
        }
        // A restarted server refills its windows from the store.
        let store = try SQLiteStore(directory: fixture.directory)
        let restarted = try Monitor(classifiers: fixture.service.monitor?.classifiers ?? [], store: store, settings: fixture.service.configuration.monitoring!)
        try await restarted.restore()
        let snapshot = try await restarted.snapshot()
        #expect(snapshot.window(.count)?.analyses == 4 && snapshot.window(.count)?.confirmations == 4)
        #expect(snapshot.window(.count)?.models.first { $0.model == "rop" }?.alerts.isEmpty == false)
    }

    @Test("Feedback that is not a confirmation is refused with its code")
    func feedbackErrors() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.withClient { client in
            let report = try await client.analyse(try ServerFixture.fundusJPEG(), query: "?tasks=quality")
            let id = try #require(report.json?["id"] as? String)
            let path = "/v1/analyses/\(id)/feedback"
            for (body, code) in [("{\"rop\": \"yes\"}", "INVALID_PARAMETER"), ("{}", "INVALID_PARAMETER"), ("{\"colour\": 1}", "INVALID_PARAMETER"),
                                 ("{\"eye\": \"middle\"}", "INVALID_PARAMETER"), ("not json", "INVALID_JSON"), ("", "EMPTY_INPUT")] {
                let response = try await client.request(path, method: .post, body: Array(body.utf8))
                #expect(response.errorCode == code, "\(body) → \(response.status) \(response.errorCode ?? "-")")
            }
            let unknown = try await client.request("/v1/analyses/nobody/feedback", method: .post, body: Array("{\"rop\": true}".utf8))
            #expect(unknown.errorCode == "NOT_FOUND")
            #expect(try await client.request(path, method: .get).status == 405)
            let accepted = try await client.request(path, method: .post, body: Array("{\"eye\": \"left\"}".utf8))
            #expect(accepted.status == 200)
        }
    }

    @Test("With monitoring off, nothing is profiled and its endpoints answer NOT_FOUND")
    func monitoringOff() async throws {
        let fixture = try ServerFixture { $0.monitoring = nil }
        defer { fixture.cleanUp() }
        #expect(fixture.service.monitor == nil)
        try await fixture.withClient { client in
            let report = try await client.analyse(try ServerFixture.fundusJPEG(), query: "?tasks=quality")
            let id = try #require(report.json?["id"] as? String)
            #expect(try await client.request("/v1/monitoring").errorCode == "NOT_FOUND")
            let feedback = try await client.request("/v1/analyses/\(id)/feedback", method: .post, body: Array("{\"rop\": true}".utf8))
            #expect(feedback.errorCode == "NOT_FOUND")
        }
    }

    @Test("The monitoring service puts the state in /metrics and stops when cancelled")
    func serviceMetrics() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let monitor = try #require(fixture.service.monitor)
        let service = MonitoringService(monitor: monitor, settings: MonitoringSettings(), metrics: fixture.service.metrics,
                                        logger: fixture.service.logger)
        let running = Task { try await service.run() }
        try await fixture.withClient { client in
            let response = try await client.analyse(try ServerFixture.fundusJPEG(), query: "?tasks=quality")
            #expect(response.status == 200)
        }
        let snapshot = try #require(await service.evaluate())
        #expect(snapshot.window(.count)?.analyses == 1)
        let exposition = fixture.service.metrics.exposition()
        #expect(exposition.contains("ropscreen_monitoring_window_analyses{window=\"count\"} 1"))
        #expect(exposition.contains("ropscreen_monitoring_drifted{"))
        running.cancel()
        try await running.value
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

final class IDBox: @unchecked Sendable { var ids: [String] = [] }
