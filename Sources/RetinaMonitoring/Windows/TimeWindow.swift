import Foundation

/// The items of the last `duration` seconds, ordered by timestamp: a sliding window by time.
/// The window ends at the latest time it has been told of (`append` or `evict(asOf:)`) and
/// holds items with timestamps in (end − duration, end]. Late arrivals are inserted in
/// timestamp order; ones already older than the window are dropped.
public struct TimeWindow<Value> {
    public let duration: TimeInterval
    private var storage: [Timestamped<Value>] = []
    private var start = 0
    /// The end of the window: the latest time seen.
    public private(set) var end: Date?

    public init(duration: TimeInterval) throws(MonitoringError) {
        guard duration > 0, duration.isFinite else { throw .invalidParameter("duration") }
        self.duration = duration
    }

    public var count: Int { storage.count - start }
    public var isEmpty: Bool { count == 0 }

    /// Oldest first.
    public var items: [Timestamped<Value>] { Array(storage[start...]) }
    public var values: [Value] { storage[start...].map(\.value) }

    public mutating func append(_ value: Value, at timestamp: Date) {
        let newEnd = max(end ?? timestamp, timestamp)
        guard timestamp > newEnd.addingTimeInterval(-duration) else {
            evict(asOf: newEnd)
            return
        }
        // After the last item with a timestamp ≤ this one, so equal timestamps keep arrival order.
        var low = start
        var high = storage.count
        while low < high {
            let middle = (low + high) / 2
            if storage[middle].timestamp <= timestamp { low = middle + 1 } else { high = middle }
        }
        storage.insert(Timestamped(value, at: timestamp), at: low)
        evict(asOf: newEnd)
    }

    /// Moves the end of the window to `now` (if later) and drops items older than the window.
    public mutating func evict(asOf now: Date) {
        let newEnd = max(end ?? now, now)
        end = newEnd
        let cutoff = newEnd.addingTimeInterval(-duration)
        while start < storage.count, storage[start].timestamp <= cutoff { start += 1 }
        if start > 0, start >= storage.count / 2 {
            storage.removeFirst(start)
            start = 0
        }
    }

    public mutating func removeAll() {
        storage.removeAll()
        start = 0
    }
}

extension TimeWindow: Sendable where Value: Sendable {}
