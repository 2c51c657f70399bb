import Dispatch
import Foundation
import Torch

/// Two independent pieces of work run at once, each on its own thread with
/// half of libtorch's threads. One model scales poorly across threads (the
/// vessel U-Net runs 1.3× faster on 2 threads than on 1), so two models side
/// by side, one thread each, finish sooner than one after the other on both.
enum ConcurrentLanes {
    static func run<A: Sendable, B: Sendable>(_ first: @Sendable () throws -> A, _ second: @Sendable () throws -> B) throws -> (A, B) {
        let threads = Runtime.threadCount
        guard threads >= 2 else { return (try first(), try second()) }
        let results = Results<A, B>()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            if lane == 0 {
                results.set(first: Result { try Runtime.withLocalThreadCount(threads / 2, first) })
            } else {
                results.set(second: Result { try Runtime.withLocalThreadCount(threads - threads / 2, second) })
            }
        }
        return try results.get()
    }

    /// Where the two lanes leave their results.
    private final class Results<A: Sendable, B: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var first: Result<A, any Error>?
        private var second: Result<B, any Error>?

        func set(first value: Result<A, any Error>) { lock.withLock { first = value } }
        func set(second value: Result<B, any Error>) { lock.withLock { second = value } }

        func get() throws -> (A, B) {
            let (a, b) = lock.withLock { (first, second) }
            guard let a, let b else { preconditionFailure("concurrentPerform returned before both lanes ran") }
            return (try a.get(), try b.get())
        }
    }
}
