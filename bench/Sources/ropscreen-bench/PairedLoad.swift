import Foundation

/// Two running servers that differ in one thing, loaded in turn (ABBA, `rounds` times) at each
/// concurrency, so that drift in the machine's speed (turbo, caches, other tenants) falls on both
/// alike. The difference is the ratio of the median p50 and of the median throughput over the rounds,
/// printed with each side's spread: a difference inside the spreads is not one this machine can resolve.
enum PairedLoad {
    static func compare(_ with: ServerProcess, against without: ServerProcess, wrk: LoadGenerator,
                        levels: [(concurrency: Int, seconds: Int)], rounds: Int, what: String) async throws {
        try await with.waitUntilReady()
        try await without.waitUntilReady()
        for server in [with, without] { _ = try wrk.run(server.base.appendingPathComponent("v1/analyses"), concurrency: 1, seconds: 4) }
        print("  \(what), servers loaded in turn (ABBA × \(rounds)):")
        for level in levels {
            var a: [LoadGenerator.Load] = []
            var b: [LoadGenerator.Load] = []
            for round in 0 ..< 2 * rounds {
                for first in round % 2 == 0 ? [true, false] : [false, true] {
                    let load = try wrk.run((first ? with : without).base.appendingPathComponent("v1/analyses"), concurrency: level.concurrency,
                                           seconds: max(level.seconds / 2, 6))
                    if first { a.append(load) } else { b.append(load) }
                }
            }
            let p50 = a.map(\.p50).sorted(), p50Off = b.map(\.p50).sorted()
            let rate = a.map(\.throughput).sorted(), rateOff = b.map(\.throughput).sorted()
            print(String(format: "    concurrency %2d: p50 %.0f ms (%.0f–%.0f) against %.0f ms (%.0f–%.0f): %+.1f %%; throughput %.2f against %.2f reports/s: %+.1f %%",
                         level.concurrency, median(p50), p50.first ?? .nan, p50.last ?? .nan, median(p50Off), p50Off.first ?? .nan, p50Off.last ?? .nan,
                         100 * (median(p50) / median(p50Off) - 1), median(rate), median(rateOff), 100 * (median(rate) / median(rateOff) - 1)))
        }
    }
}
