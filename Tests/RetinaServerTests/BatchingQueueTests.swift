import Foundation
import Testing
@testable import RetinaServer

@Suite("Batching queue")
struct BatchingQueueTests {
    /// Job 0 waits until job 1 has started, for `patience`: only two workers let both finish.
    /// Two workers get a long patience (in the full suite on 2 cores, job 1's submission itself
    /// waits for a free thread), one worker a short one (job 1 cannot start before job 0 gives up).
    static func rendezvous(workers: Int, patience: Double) async throws -> [Bool] {
        let entered = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let queue = BatchingQueue<Int, Bool>(capacity: 4, maximumBatch: 1, wait: .zero, workers: workers) { jobs in
            jobs.map { job in
                if job == 0 {
                    entered.signal()
                    return .success(released.wait(timeout: .now() + patience) == .success)
                }
                let met = entered.wait(timeout: .now() + patience) == .success
                released.signal()
                return .success(met)
            }
        }
        async let first = queue.submit(0)
        try await Task.sleep(for: .milliseconds(50))
        async let second = queue.submit(1)
        return try await [first, second]
    }

    @Test("two workers run two batches at once")
    func twoWorkers() async throws {
        #expect(try await Self.rendezvous(workers: 2, patience: 120) == [true, true])
    }

    @Test("one worker runs the batches one after the other")
    func oneWorker() async throws {
        // Job 0 gives up waiting for job 1, which only starts after it.
        #expect(try await Self.rendezvous(workers: 1, patience: 2) == [false, true])
    }

    @Test("a full queue refuses at once")
    func full() async throws {
        let gate = DispatchSemaphore(value: 0)
        let queue = BatchingQueue<Int, Int>(capacity: 1, maximumBatch: 1, wait: .zero, workers: 2) { jobs in
            _ = gate.wait(timeout: .now() + 5)
            return jobs.map { .success($0) }
        }
        async let running = queue.submit(1)
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: BatchingQueue<Int, Int>.Full.self) { try await queue.submit(2) }
        gate.signal()
        #expect(try await running == 1)
    }
}
