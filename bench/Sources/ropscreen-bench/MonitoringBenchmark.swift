import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaMonitoring

/// What monitoring costs the request path (issue 16: at most 3 %), measured two ways in one run:
///
/// - **In process**: the work monitoring adds to each report (`InputProfile` from the report,
///   the photograph and its field of view), timed against the report itself, alternately.
/// - **Over HTTP**: `ropscreen serve` with monitoring and with `--no-monitoring`, both started at
///   once and loaded in turn (ABBA, `rounds` times) at each concurrency, so that drift in the
///   machine's speed (turbo, caches, other tenants) falls on both alike; the cost is the ratio of
///   the median p50 and the median throughput over the rounds, with their spread.
enum MonitoringBenchmark {
    static func inProcess(photo: [UInt8], rounds: Int = 12) throws {
        let pipeline = AnalysisPipeline(models: try AnalysisModels.bundled())
        let options = AnalysisOptions(includeImages: false)
        let decoded = try FundusImage.decode(photo)
        var reports: [Double] = []
        var profiles: [Double] = []
        for round in 0 ... rounds {
            let started = Date()
            let result = try pipeline.analyze(decoded, options: options)
            let analysed = Date()
            guard let fieldOfView = result.fieldOfView else { throw BenchmarkError("the report has no field of view") }
            _ = try InputProfile(report: result.report, photograph: decoded, fieldOfView: fieldOfView, site: "bench", embedding: result.qualityFeatures)
            let profiled = Date()
            guard round > 0 else { continue }  // the first report warms the models
            reports.append(analysed.timeIntervalSince(started) * 1000)
            profiles.append(profiled.timeIntervalSince(analysed) * 1000)
        }
        let (report, profile) = (median(reports), median(profiles))
        print(String(format: "  in process, median of %d: the report %.0f ms, its input profile %.2f ms (%.2f %% of the report)",
                     rounds, report, profile, 100 * profile / report))
    }

    static func overHTTP(monitored: ServerProcess, unmonitored: ServerProcess, wrk: LoadGenerator,
                         levels: [(concurrency: Int, seconds: Int)], rounds: Int = 3) async throws {
        defer { monitored.stop(); unmonitored.stop() }
        try await monitored.waitUntilReady()
        try await unmonitored.waitUntilReady()
        for server in [monitored, unmonitored] { _ = try wrk.run(server.base.appendingPathComponent("v1/analyses"), concurrency: 1, seconds: 4) }
        print("  monitoring's cost on the request path, servers loaded in turn (ABBA × \(rounds)):")
        for level in levels {
            var a: [LoadGenerator.Load] = []
            var b: [LoadGenerator.Load] = []
            for round in 0 ..< 2 * rounds {
                for monitoredFirst in round % 2 == 0 ? [true, false] : [false, true] {
                    let server = monitoredFirst ? monitored : unmonitored
                    let load = try wrk.run(server.base.appendingPathComponent("v1/analyses"), concurrency: level.concurrency,
                                           seconds: max(level.seconds / 2, 6))
                    if monitoredFirst { a.append(load) } else { b.append(load) }
                }
            }
            let p50 = a.map(\.p50).sorted(), p50Off = b.map(\.p50).sorted()
            let rate = a.map(\.throughput).sorted(), rateOff = b.map(\.throughput).sorted()
            print(String(format: "    concurrency %2d: p50 %.0f ms (%.0f–%.0f) against %.0f ms (%.0f–%.0f): %+.1f %%; throughput %.2f against %.2f reports/s: %+.1f %%",
                         level.concurrency, median(p50), p50.first ?? .nan, p50.last ?? .nan, median(p50Off), p50Off.first ?? .nan, p50Off.last ?? .nan,
                         100 * (median(p50) / median(p50Off) - 1), median(rate), median(rateOff), 100 * (median(rate) / median(rateOff) - 1)))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
