import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaMonitoring

/// What monitoring costs the request path (issue 16: at most 3 %), measured two ways in one run:
///
/// - **In process**: the work monitoring adds to each report (`InputProfile` from the report,
///   the photograph and its field of view), timed against the report itself, alternately.
/// - **Over HTTP**: `ropscreen serve` with monitoring and with `--no-monitoring`, both started at
///   once and loaded in turn (`PairedLoad`).
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
        try await PairedLoad.compare(monitored, against: unmonitored, wrk: wrk, levels: levels, rounds: rounds, what: "monitoring's cost on the request path")
    }
}
