import Foundation

/// Produces batches on a background thread while the model trains, keeping at
/// most `prefetch` ready. Batch `i` is made by `make(i)` alone (which seeds its
/// own generator from `i`), so the sequence is the same however the threads
/// interleave. An error in `make` is rethrown by `next()`.
public final class BatchLoader<Batch: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Result<Batch, any Error>] = [:]
    private var nextToConsume: Int
    private var cancelled = false
    public let range: Range<Int>
    private let prefetch: Int

    public init(range: Range<Int>, prefetch: Int = 4, make: @escaping @Sendable (Int) throws -> Batch) {
        self.range = range
        self.prefetch = max(prefetch, 1)
        nextToConsume = range.lowerBound
        let thread = Thread { [weak self] in self?.produce(make) }
        thread.name = "ropscreen.batch-loader"
        thread.start()
    }

    deinit { cancel() }

    private func produce(_ make: (Int) throws -> Batch) {
        for index in range {
            condition.lock()
            while !cancelled && ready.count >= prefetch { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { return }
            let result = Result { try make(index) }
            condition.lock()
            ready[index] = result
            condition.broadcast()
            condition.unlock()
            if case .failure = result { return }
        }
    }

    /// The next batch in order, waiting for it if needed; nil after the last one.
    public func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        guard nextToConsume < range.upperBound, !cancelled else { return nil }
        while ready[nextToConsume] == nil { condition.wait() }
        let result = ready.removeValue(forKey: nextToConsume)!
        nextToConsume += 1
        condition.broadcast()
        return try result.get()
    }

    /// Stops the producer after the batch it is making.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
