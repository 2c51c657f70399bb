import Foundation
import RetinaMonitoring
import Synchronization

/// What the request path hands to monitoring: appended under a lock in O(1), taken in bulk
/// by the monitor. Bounded: past `capacity` the oldest profile is dropped and counted.
final class ProfileBuffer: Sendable {
    private struct Contents {
        var analyses: [MonitoredAnalysis] = []
        var confirmations: [Confirmation] = []
        var dropped = 0
    }

    let capacity: Int
    private let contents = Mutex(Contents())

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func append(_ analysis: MonitoredAnalysis) {
        contents.withLock { contents in
            if contents.analyses.count >= capacity {
                contents.analyses.removeFirst()
                contents.dropped += 1
            }
            contents.analyses.append(analysis)
        }
    }

    func append(_ confirmation: Confirmation) {
        contents.withLock { $0.confirmations.append(confirmation) }
    }

    /// Everything waiting, emptied.
    func take() -> (analyses: [MonitoredAnalysis], confirmations: [Confirmation]) {
        contents.withLock { contents in
            defer { (contents.analyses, contents.confirmations) = ([], []) }
            return (contents.analyses, contents.confirmations)
        }
    }

    /// Profiles dropped since the server started.
    var dropped: Int { contents.withLock { $0.dropped } }
}
