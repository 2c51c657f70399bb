import Foundation
import FundusImaging
import Logging
import RetinaMonitoring
import RetinaStore
import Testing
@testable import RetinaServer

@Suite("Jobs")
struct JobWorkerTests {
    @Test("A reanalyse job submitted over the API is drained by a worker: one stored analysis per photograph, its progress and outcome in the API")
    func reanalyseThroughTheAPI() async throws {
        let root = try AnnotationAPITests.importRoot(count: 3)
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try ServerFixture { $0.importRoot = root }
        defer { fixture.cleanUp() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let worker = JobWorker(queue: fixture.store, handlers: [ReanalysisJob(pipeline: fixture.service.pipeline, store: fixture.store,
                                                                              configuration: fixture.service.configuration)], logger: logger)
        try await fixture.withClient { client in
            let body = AnnotationAPITests.json(["type": "reanalyse", "folder": "pilot", "idempotencyKey": "archive-1"])
            let submitted = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(submitted.status == 202 && submitted.json?["status"] as? String == "queued")
            let id = try #require(submitted.json?["id"] as? String)
            let again = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(again.json?["id"] as? String == id, "the same idempotency key is the same job")
            let unknown = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                                                   body: AnnotationAPITests.json(["type": "astrology"]))
            #expect(unknown.errorCode == "INVALID_PARAMETER")
            #expect(try await worker.drainOne())
            #expect(try await !worker.drainOne(), "nothing left")
            let done = try await client.request("/v1/jobs/\(id)")
            #expect(done.json?["status"] as? String == "succeeded" && done.json?["progress"] as? Double == 1)
            let outcome = try JSONDecoder().decode(ReanalysisJob.Outcome.self, from: Data(try #require(done.json?["result"] as? String).utf8))
            #expect(outcome == .init(photographs: 3, analysed: 3, alreadyStored: 0, failed: 0))
            #expect(try await client.request("/v1/jobs").json.flatMap { $0["jobs"] as? [[String: Any]] }?.count == 1)
            #expect(try await client.request("/v1/jobs/\(id)/cancel", method: .post).json?["status"] as? String == "succeeded")
            #expect(try await client.request("/v1/jobs/none").status == 404)
        }
        #expect(try await fixture.store.count() == 3)
    }

    @Test("A worker that dies mid-job leaves the rest to the next: every photograph is analysed exactly once")
    func exactlyOnceAcrossAWorkerDeath() async throws {
        let root = try AnnotationAPITests.importRoot(count: 4)
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try ServerFixture { $0.importRoot = root }
        defer { fixture.cleanUp() }
        let handler = ReanalysisJob(pipeline: fixture.service.pipeline, store: fixture.store, configuration: fixture.service.configuration)
        let job = Job(id: "archive", type: "reanalyse", payload: #"{"folder":"pilot"}"#, atMs: 0)
        let reports = Counter()
        // The first worker is told it lost the job after two photographs (its lease ran out while it was stalled).
        await #expect(throws: JobStopped.self) {
            _ = try await handler.run(job) { _, _ in reports.increment() <= 2 }
        }
        #expect(try await fixture.store.count() == 2)
        let outcome = try JSONDecoder().decode(ReanalysisJob.Outcome.self, from: Data(try await handler.run(job) { _, _ in true }.utf8))
        #expect(outcome == .init(photographs: 4, analysed: 2, alreadyStored: 2, failed: 0))
        #expect(try await fixture.store.count() == 4)
    }
}

extension JobWorkerTests {
    @Test("A profile job recomputes a reference profile from a manifest through the worker's models; a bad payload is refused before it is queued")
    func profileThroughTheAPI() async throws {
        let root = try AnnotationAPITests.importRoot(count: 4)
        defer { try? FileManager.default.removeItem(at: root) }
        // The photographs labelled, half gradable, so the quality score is calibrated too.
        let labelled = (0 ..< 4).map { "\($0).png,train,,\($0 % 2 == 0 ? "good" : "bad"),,,,,,,,,,," }
        try (["image,split,eye,quality,diagnosis,od_x,od_y,od_w,od_h,fovea_x,fovea_y,vessel_mask,fov_mask,extra_mask,lesions"] + labelled)
            .joined(separator: "\n").write(to: root.appendingPathComponent("pilot/labelled.csv"), atomically: true, encoding: .utf8)
        let fixture = try ServerFixture { $0.importRoot = root }
        defer { fixture.cleanUp() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let worker = JobWorker(queue: fixture.store, handlers: [ProfileJob(pipeline: fixture.service.pipeline, configuration: fixture.service.configuration)],
                               logger: logger)
        try await fixture.withClient { client in
            for bad in [["type": "profile"], ["type": "profile", "manifests": ["pilot/labelled.csv"], "split": "someday"],
                        ["type": "profile", "manifests": ["pilot/labelled.csv"], "model": "vessels"]] as [[String: Any]] {
                let refused = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"], body: AnnotationAPITests.json(bad))
                #expect(refused.errorCode == "INVALID_PARAMETER", "\(bad)")
            }
            let body = AnnotationAPITests.json(["type": "profile", "manifests": ["pilot/labelled.csv"], "model": "quality"])
            let submitted = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(submitted.status == 202)
            let id = try #require(submitted.json?["id"] as? String)
            #expect(try await worker.drainOne())
            let done = try await client.request("/v1/jobs/\(id)")
            #expect(done.json?["status"] as? String == "succeeded", "\(done.json ?? [:])")
            let outcome = try JSONDecoder().decode(ProfileJob.Outcome.self, from: Data(try #require(done.json?["result"] as? String).utf8))
            #expect(outcome.photographs == 4 && outcome.profiled + outcome.notAFundus + outcome.failed == 4 && outcome.failed == 0)
            let written = fixture.service.configuration.dataDirectory.appendingPathComponent(outcome.profile)
            let reference = try ReferenceProfile(jsonData: try Data(contentsOf: written))
            #expect(reference.count == outcome.profiled)
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
