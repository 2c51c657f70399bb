/// Named wall-clock timings of the steps of one command, in milliseconds, in order.
struct Stopwatch {
    private(set) var entries: [(name: String, milliseconds: Double)] = []
    private let clock = ContinuousClock()

    /// Runs `body`, recording how long it took under `name`.
    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer {
            let d = clock.now - start
            entries.append((name, Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15))
        }
        return try body()
    }

    var byName: [String: Double] { Dictionary(entries.map { ($0.name, $0.milliseconds) }) { $1 } }
}
