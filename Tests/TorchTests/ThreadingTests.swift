import Foundation
import Testing
@testable import Torch

@Suite("Per-thread libtorch thread counts")
struct ThreadingTests {
    @Test("withLocalThreadCount applies to the calling thread only and is restored afterwards")
    func localThreadCount() throws {
        try Runtime.setThreadCount(2)
        let before = Runtime.threadCount
        #expect(before == 2)
        let inside = try Runtime.withLocalThreadCount(1) { Runtime.threadCount }
        #expect(inside == 1)
        #expect(Runtime.threadCount == before)

        // Another thread that lowers its own count leaves this one's alone.
        let other = DispatchSemaphore(value: 0)
        let seen = Counts()
        Thread {
            seen.value = (try? Runtime.withLocalThreadCount(1) { Runtime.threadCount }) ?? -1
            other.signal()
        }.start()
        #expect(other.wait(timeout: .now() + 10) == .success)
        #expect(seen.value == 1)
        #expect(Runtime.threadCount == before)
        #expect(throws: TorchError.self) { try Runtime.setLocalThreadCount(0) }
    }

    private final class Counts: @unchecked Sendable { var value = 0 }
}
