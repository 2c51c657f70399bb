import Foundation

/// A uniform sample of at most `capacity` items from a stream of unknown length
/// (Vitter's algorithm R), drawn from a seeded generator so the same stream and seed
/// give the same sample. Keeps reference profiles bounded however large the data set.
public struct ReservoirSample<Element> {
    public let capacity: Int
    /// The sample, in no meaningful order.
    public private(set) var items: [Element] = []
    /// How many items have been offered.
    public private(set) var seen = 0
    private var generator: SplitMix64

    public init(capacity: Int, seed: UInt64) throws(MonitoringError) {
        guard capacity > 0 else { throw .invalidParameter("capacity") }
        self.capacity = capacity
        generator = SplitMix64(seed: seed)
    }

    public mutating func offer(_ item: Element) {
        seen += 1
        if items.count < capacity {
            items.append(item)
            return
        }
        let slot = Int(generator.next() % UInt64(seen))
        if slot < capacity { items[slot] = item }
    }
}

extension ReservoirSample: Sendable where Element: Sendable {}
