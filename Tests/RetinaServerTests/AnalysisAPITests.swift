import Foundation
import FundusImaging
import Hummingbird
import RetinaAnalysis
import Testing
@testable import RetinaServer
import RetinaModels

@Suite("Analysis API")
struct AnalysisAPITests {
    @Test("The three input forms give a report; it is stored, listed and served back with its photograph")
    func analyseStoreAndServe() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let jpeg = try ServerFixture.fundusJPEG()
        try await fixture.withClient { client in
            let raw = try await client.analyse(jpeg, query: "?tasks=quality,landmarks,laterality")
            #expect(raw.status == 200, "\(String(decoding: raw.body, as: UTF8.self))")
            let report = try JSONDecoder().decode(Report.self, from: raw.body)
            #expect(report.image.width == 384 && report.image.height == 384)
            #expect(Set(report.tasks).isSubset(of: [.quality, .landmarks, .laterality]))
            #expect(report.vessels == nil && report.timingsMs["total"] != nil)

            let json = try JSONSerialization.data(withJSONObject: ["image": Data(jpeg).base64EncodedString(), "tasks": ["laterality"]])
            let viaJSON = try await client.analyse([UInt8](json), contentType: "application/json")
            #expect(viaJSON.status == 200)
            #expect((viaJSON.json?["tasks"] as? [String])?.allSatisfy { $0 == "laterality" } == true)

            let boundary = "ropscreen-test-boundary"
            let form = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"tasks\"\r\n\r\nlaterality\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"eye.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
                + jpeg + Array("\r\n--\(boundary)--\r\n".utf8)
            let viaForm = try await client.analyse(form, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(viaForm.status == 200, "\(String(decoding: viaForm.body, as: UTF8.self))")

            let list = try await client.request("/v1/analyses")
            #expect((list.json?["total"] as? Int) == 3)
            let stored = try await client.request("/v1/analyses/\(report.id)")
            #expect(try JSONDecoder().decode(Report.self, from: stored.body) == report)
            let image = try await client.request("/v1/analyses/\(report.id)/image")
            #expect(image.status == 200 && [UInt8](image.body) == jpeg)
        }
        #expect(try await fixture.service.store.count() == 3)
    }

    @Test("A picture that is not a fundus stops at the quality gate with NOT_A_FUNDUS and is not stored")
    func notAFundus() async throws {
        guard ServerFixture.models.quality != nil else {
            print("skipped: no bundled quality model (train recipes/quality.json)")
            return
        }
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        // A page of text, photographed: what lands in a screening system by mistake.
        var page = try Bitmap(width: 600, height: 450, channels: 3, value: 240)
        for line in 0 ..< 14 {
            try page.drawText("Discharge summary: patient transferred to ward \(line)", at: Point(x: 20, y: Double(30 + line * 30)),
                              scale: 0.6, color: Color(20, 20, 20))
        }
        let png = try page.pngData()
        let response = try await fixture.withClientResult { client in try await client.analyse(png, contentType: "image/png") }
        #expect(response.status == 422 && response.errorCode == "NOT_A_FUNDUS", "\(String(decoding: response.body, as: UTF8.self))")
        #expect(try await fixture.service.store.count() == 0)
    }

    @Test("Health, readiness, models, metrics, the OpenAPI document and the viewer are served")
    func operationalEndpoints() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let jpeg = try ServerFixture.fundusJPEG(size: 256)
        try await fixture.withClient { client in
            let health = try await client.request("/healthz")
            #expect(health.status == 200)
            let ready = try await client.request("/readyz")
            #expect(ready.status == 200 && ready.json?["status"] as? String == "ready")
            let models = try await client.request("/v1/models")
            #expect(((models.json?["models"] as? [[String: Any]])?.count ?? 0) >= 3)
            _ = try await client.analyse(jpeg, query: "?tasks=laterality")
            _ = try await client.request("/v1/analyses/some-id")
            _ = try await client.request("/v1/analyses/another-id")
            _ = try await client.request("/no/such/route")
            let metrics = String(decoding: try await client.request("/metrics").body, as: UTF8.self)
            for name in ["ropscreen_http_requests_total", "ropscreen_http_request_duration_seconds", "ropscreen_analysis_step_duration_seconds",
                         "ropscreen_queue_depth", "ropscreen_batch_size", "ropscreen_model_info"] {
                #expect(metrics.contains(name), "\(name) missing from /metrics")
            }
            // Routes are labelled by the router's matched template, so identifiers never become label values.
            #expect(metrics.contains("route=\"/v1/analyses\""))
            #expect(metrics.contains("route=\"/v1/analyses/{id}\"") && !metrics.contains("some-id") && !metrics.contains("another-id"))
            #expect(metrics.contains("route=\"NotFound\"") && !metrics.contains("/no/such/route"))
            let spec = try await client.request("/openapi.yaml")
            #expect(spec.status == 200 && String(decoding: spec.body, as: UTF8.self).hasPrefix("openapi: 3"))
            let page = try await client.request("/")
            #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("<canvas id=\"overlay\""))
        }
    }

    @Test("Concurrent requests are analysed in batches")
    func batches() async throws {
        let fixture = try ServerFixture { configuration in
            configuration.maximumBatchSize = 4
            configuration.batchWait = .milliseconds(200)
        }
        defer { fixture.cleanUp() }
        let jpegs = try (1 ... 4).map { try ServerFixture.fundusJPEG(size: 256, seed: UInt64($0)) }
        try await fixture.withClient { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for jpeg in jpegs { group.addTask { try await client.analyse(jpeg, query: "?tasks=quality,laterality").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == [200, 200, 200, 200])
            let metrics = String(decoding: try await client.request("/metrics").body, as: UTF8.self)
            // Fewer batches than requests: at least two photographs shared one.
            let count = metrics.split(separator: "\n").first { $0.hasPrefix("ropscreen_batch_size_count") }
                .flatMap { $0.split(separator: " ").last }.flatMap { Int($0) }
            #expect((count ?? 4) < 4, "\(count.map(String.init) ?? "no batch count") batches for 4 requests")
        }
    }
}

extension ServerFixture {
    /// Runs one request and returns its response.
    func withClientResult(_ body: @escaping @Sendable (CheckedClient) async throws -> CheckedResponse) async throws -> CheckedResponse {
        let box = ResponseBox()
        try await withClient { client in box.value = try await body(client) }
        return box.value!
    }
}

final class ResponseBox: @unchecked Sendable { var value: CheckedResponse? }
