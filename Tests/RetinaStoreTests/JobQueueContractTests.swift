import Foundation
import Testing
@testable import RetinaStore

@Suite("Job queue contract")
struct JobQueueContractTests {
    static func queue(_ backend: StoreBackend) async throws -> (any JobQueue, StoreUnderTest) {
        let store = try await backend.make()
        return (try #require(store.repository as? any JobQueue), store)
    }

    @Test("Priority first, then age; an idempotency key makes a second submission the same job", arguments: StoreBackend.available)
    func submitAndClaim(backend: StoreBackend) async throws {
        let (queue, store) = try await Self.queue(backend)
        defer { store.cleanUp() }
        _ = try await queue.submit(Job(id: "low", type: "reanalyse", payload: "{}", priority: 0, atMs: 1))
        _ = try await queue.submit(Job(id: "high", type: "reanalyse", payload: "{}", priority: 5, atMs: 2))
        let first = try await queue.submit(Job(id: "keyed", type: "profile", payload: "{}", idempotencyKey: "k", atMs: 3))
        let again = try await queue.submit(Job(id: "keyed-again", type: "profile", payload: "{\"x\":1}", idempotencyKey: "k", atMs: 4))
        #expect(again == first && again.id == "keyed")
        #expect(try await queue.jobs(limit: 10).count == 3)
        #expect(try await queue.claim(types: ["reanalyse"], worker: "w1", lease: .seconds(30), atMs: 10)?.id == "high")
        #expect(try await queue.claim(types: ["reanalyse"], worker: "w1", lease: .seconds(30), atMs: 10)?.id == "low")
        #expect(try await queue.claim(types: ["reanalyse"], worker: "w1", lease: .seconds(30), atMs: 10) == nil)
        let claimed = try #require(try await queue.claim(types: ["profile", "reanalyse"], worker: "w2", lease: .seconds(30), atMs: 10))
        #expect(claimed.id == "keyed" && claimed.attempts == 1 && claimed.workerID == "w2")
        #expect(try await queue.heartbeat(jobID: "keyed", worker: "w2", progress: 0.5, note: "half", lease: .seconds(30), atMs: 20))
        try await queue.complete(jobID: "keyed", worker: "w2", result: "{\"done\":true}", atMs: 30)
        let done = try #require(try await queue.job(id: "keyed"))
        #expect(done.status == .succeeded && done.progress == 1 && done.result == "{\"done\":true}")
    }

    @Test("Concurrent workers never claim the same job", arguments: StoreBackend.available)
    func concurrentClaims(backend: StoreBackend) async throws {
        let (queue, store) = try await Self.queue(backend)
        defer { store.cleanUp() }
        for i in 0 ..< 20 { _ = try await queue.submit(Job(id: "j\(i)", type: "t", payload: "{}", atMs: Int64(i))) }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0 ..< 4 {
                group.addTask {
                    var mine: [String] = []
                    while let job = try await queue.claim(types: ["t"], worker: "w\(worker)", lease: .seconds(60), atMs: 100) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 20 && Set(claimed).count == 20)
    }

    @Test("A dead worker's job returns when its lease ends; the old worker is told it lost it", arguments: StoreBackend.available)
    func leaseExpiry(backend: StoreBackend) async throws {
        let (queue, store) = try await Self.queue(backend)
        defer { store.cleanUp() }
        _ = try await queue.submit(Job(id: "j", type: "t", payload: "{}", maxAttempts: 2, atMs: 0))
        _ = try await queue.claim(types: ["t"], worker: "dies", lease: .seconds(10), atMs: 0)
        #expect(try await queue.claim(types: ["t"], worker: "other", lease: .seconds(10), atMs: 5_000) == nil, "still leased")
        let retaken = try #require(try await queue.claim(types: ["t"], worker: "other", lease: .seconds(10), atMs: 11_000))
        #expect(retaken.workerID == "other" && retaken.attempts == 2)
        #expect(try await !queue.heartbeat(jobID: "j", worker: "dies", progress: 0.9, note: nil, lease: .seconds(10), atMs: 12_000))
        try await queue.complete(jobID: "j", worker: "dies", result: "late", atMs: 12_000)
        #expect(try await queue.job(id: "j")?.status == .running, "the old worker's completion is ignored")
        // Out of attempts when its lease ends again: dead, not retried.
        #expect(try await queue.claim(types: ["t"], worker: "third", lease: .seconds(10), atMs: 30_000) == nil)
        #expect(try await queue.job(id: "j")?.status == .dead)
    }

    @Test("A failure backs off, then the job is dead; cancellation stops a queued job at once and a running one at its next beat",
          arguments: StoreBackend.available)
    func failuresAndCancellation(backend: StoreBackend) async throws {
        let (queue, store) = try await Self.queue(backend)
        defer { store.cleanUp() }
        _ = try await queue.submit(Job(id: "flaky", type: "t", payload: "{}", maxAttempts: 2, atMs: 0))
        _ = try await queue.claim(types: ["t"], worker: "w", lease: .seconds(60), atMs: 0)
        try await queue.fail(jobID: "flaky", worker: "w", error: "disk full", atMs: 1_000)
        let backedOff = try #require(try await queue.job(id: "flaky"))
        #expect(backedOff.status == .queued && backedOff.availableAtMs == 3_000 && backedOff.lastError == "disk full")
        #expect(try await queue.claim(types: ["t"], worker: "w", lease: .seconds(60), atMs: 2_000) == nil, "backing off")
        _ = try await queue.claim(types: ["t"], worker: "w", lease: .seconds(60), atMs: 3_000)
        try await queue.fail(jobID: "flaky", worker: "w", error: "disk full", atMs: 4_000)
        #expect(try await queue.job(id: "flaky")?.status == .dead)

        _ = try await queue.submit(Job(id: "queued", type: "t", payload: "{}", atMs: 10_000))
        #expect(try await queue.cancel(jobID: "queued", atMs: 10_001)?.status == .cancelled)
        _ = try await queue.submit(Job(id: "running", type: "t", payload: "{}", atMs: 10_002))
        _ = try await queue.claim(types: ["t"], worker: "w", lease: .seconds(60), atMs: 10_003)
        #expect(try await queue.cancel(jobID: "running", atMs: 10_004)?.cancelRequested == true)
        #expect(try await !queue.heartbeat(jobID: "running", worker: "w", progress: 0.1, note: nil, lease: .seconds(60), atMs: 10_005))
        try await queue.complete(jobID: "running", worker: "w", result: "{}", atMs: 10_006)
        #expect(try await queue.job(id: "running")?.status == .cancelled)
        #expect(try await queue.cancel(jobID: "nonexistent", atMs: 1) == nil)
    }
}
