import Foundation

/// A bounded queue that hands its jobs in batches to `workers` worker threads:
/// the first job of a batch waits up to `wait` for others, up to `maximumBatch`.
/// When `capacity` jobs are already waiting or running, `submit` refuses at
/// once (the caller answers `OVERLOADED`) instead of letting memory grow.
///
/// The work runs on threads of its own, not on Swift's cooperative pool:
/// libtorch's kernels block their thread for the whole batch.
public final class BatchingQueue<Job: Sendable, Output: Sendable>: @unchecked Sendable {
    public typealias Process = @Sendable ([Job]) -> [Result<Output, any Error>]

    public let capacity: Int
    public let maximumBatch: Int
    public let wait: Duration
    public let workers: Int
    private let process: Process
    private let condition = NSCondition()
    private var pending: [(job: Job, continuation: CheckedContinuation<Output, any Error>)] = []
    private var running = 0
    private var started = false
    /// Sizes of the batches run, for the metrics.
    public var onBatch: (@Sendable (Int) -> Void)?

    /// Thrown by `submit` when the queue is full.
    public struct Full: Error {}

    public init(capacity: Int, maximumBatch: Int, wait: Duration, workers: Int = 1, process: @escaping Process) {
        self.capacity = max(1, capacity)
        self.maximumBatch = max(1, maximumBatch)
        self.wait = wait
        self.workers = max(1, workers)
        self.process = process
    }

    /// Jobs waiting or running.
    public var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return pending.count + running
    }

    public func submit(_ job: Job) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            guard pending.count + running < capacity else {
                continuation.resume(throwing: Full())
                return
            }
            pending.append((job, continuation))
            if !started {
                started = true
                for index in 0 ..< workers {
                    let worker = Thread { [weak self] in self?.work() }
                    worker.name = "ropscreen-analysis-\(index)"
                    worker.stackSize = 8 << 20
                    worker.start()
                }
            }
            condition.signal()
        }
    }

    private func work() {
        let waitSeconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            // Gather a batch: wait briefly for company unless the batch is already full.
            let deadline = Date(timeIntervalSinceNow: waitSeconds)
            while pending.count < maximumBatch, condition.wait(until: deadline) {}
            guard !pending.isEmpty else {  // another worker took them meanwhile
                condition.unlock()
                continue
            }
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            running += batch.count
            condition.unlock()

            onBatch?(batch.count)
            let results = process(batch.map(\.job))
            for (entry, result) in zip(batch, results) { entry.continuation.resume(with: result) }
            condition.lock()
            running -= batch.count
            condition.unlock()
        }
    }
}
