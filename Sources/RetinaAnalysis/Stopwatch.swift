/// Named wall-clock timings of the steps of one job, in milliseconds, in order.
public struct Stopwatch: Sendable {
    public private(set) var entries: [(name: String, milliseconds: Double)] = []
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    public init() { started = clock.now }

    /// Runs `body`, recording how long it took under `name`.
    public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { entries.append((name, Self.milliseconds(clock.now - start))) }
        return try body()
    }

    /// Adds the entries of another stopwatch (a step run on another thread).
    public mutating func record(_ other: Stopwatch) { entries += other.entries }

    public var byName: [String: Double] { Dictionary(entries.map { ($0.name, $0.milliseconds) }) { $1 } }

    /// Milliseconds since the stopwatch was made.
    public var elapsed: Double { Self.milliseconds(clock.now - started) }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
