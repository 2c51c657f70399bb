import Foundation

/// The last `capacity` items appended, oldest first: a sliding window by count.
public struct CountWindow<Value> {
    public let capacity: Int
    // Items before `start` are evicted; they are dropped in bulk once they are the larger
    // part of the storage, so appending stays amortised O(1).
    private var storage: [Timestamped<Value>] = []
    private var start = 0

    public init(capacity: Int) throws(MonitoringError) {
        guard capacity > 0 else { throw .invalidParameter("capacity") }
        self.capacity = capacity
    }

    public var count: Int { storage.count - start }
    public var isEmpty: Bool { count == 0 }
    public var isFull: Bool { count == capacity }

    /// Oldest first.
    public var items: [Timestamped<Value>] { Array(storage[start...]) }
    public var values: [Value] { storage[start...].map(\.value) }

    public mutating func append(_ value: Value, at timestamp: Date) {
        storage.append(Timestamped(value, at: timestamp))
        if count > capacity { start += 1 }
        if start > capacity {
            storage.removeFirst(start)
            start = 0
        }
    }

    public mutating func removeAll() {
        storage.removeAll()
        start = 0
    }
}

extension CountWindow: Sendable where Value: Sendable {}
