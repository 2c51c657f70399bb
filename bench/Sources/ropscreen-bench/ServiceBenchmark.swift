import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaModels
import Torch

/// Load on the HTTP service, against a reference in the same run: `ropscreen
/// serve` (bundled models, a fresh SQLite folder) and then the Flask + PyTorch
/// reference server of `bench/reference/` (the same weights and preprocessing)
/// each get the same wrk load — one photograph as JSON + base64 per request, at
/// concurrency 1, 4 and 16 — and the latency percentiles, throughput, resident
/// memory and the ratios between the two are printed, for an adult photograph
/// and for an infant photograph of each infant camera, with the CPU named. ropscreen is
/// also measured with monitoring (the default) against `--no-monitoring` (`MonitoringBenchmark`),
/// and the cost of recording the input profiles on the request path is printed.
/// The CPU, its instruction sets and any ceiling on them (`ONEDNN_MAX_CPU_ISA`, which
/// the servers inherit) head every table.
enum ServiceBenchmark {
    /// What to load and for how long, from the environment: `BENCH_LEVELS` (concurrencies,
    /// `1,2,4,8,16,32` for the throughput curve), `BENCH_SECONDS` (per level; default 20,
    /// 25, 40 s for 1, 4, 16), `BENCH_PHOTOS` (how many of the photographs), `BENCH_MONITORING=0`
    /// (skip the run without monitoring), `BENCH_SHADOW=0` (skip the run with a shadowing candidate), `BENCH_ROPSCREEN_ARGS` (extra `serve` arguments, e.g.
    /// `--precision float32`), `BENCH_BASELINE` (a second ropscreen executable, an older
    /// build, measured in the same run) and `BENCH_BASELINE_ARGS` (its `serve` arguments; with
    /// them alone the baseline is this ropscreen, e.g. `--precision float32 --no-inference-form`).
    struct Settings {
        var levels = [(concurrency: 1, seconds: 20), (concurrency: 4, seconds: 25), (concurrency: 16, seconds: 40)]
        var photos = Int.max
        var monitoringCost = true
        /// `ropscreen-bench monitoring`: the monitoring cost alone, for the first photograph.
        var monitoringOnly = false
        /// A shadowing candidate's cost (`ShadowBenchmark`); `ropscreen-bench shadow` measures it alone.
        var shadowCost = true
        var shadowOnly = false
        var serveArguments: [String] = []
        var baseline: URL?
        var baselineArguments: [String] = []

        /// The lowest and the highest concurrency of the curve (one level when they are the same): what the paired comparisons load.
        var endLevels: [(concurrency: Int, seconds: Int)] {
            let ends = [levels.first, levels.last].compactMap { $0 }
            return ends.count == 2 && ends[0].concurrency == ends[1].concurrency ? [ends[0]] : ends
        }

        init(environment: [String: String]) {
            let seconds = environment["BENCH_SECONDS"].flatMap(Int.init)
            if let list = environment["BENCH_LEVELS"] {
                levels = list.split(separator: ",").compactMap { Int($0) }.map { ($0, seconds ?? 15) }
            } else if let seconds {
                levels = levels.map { ($0.concurrency, seconds) }
            }
            photos = environment["BENCH_PHOTOS"].flatMap(Int.init) ?? .max
            monitoringCost = environment["BENCH_MONITORING"] != "0"
            shadowCost = environment["BENCH_SHADOW"] != "0"
            serveArguments = (environment["BENCH_ROPSCREEN_ARGS"] ?? "").split(separator: " ").map(String.init)
            baselineArguments = (environment["BENCH_BASELINE_ARGS"] ?? "").split(separator: " ").map(String.init)
            baseline = environment["BENCH_BASELINE"].map { URL(fileURLWithPath: $0) }
                ?? (baselineArguments.isEmpty ? nil : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ropscreen"))
        }
    }

    struct Measured {
        var name: String
        var loads: [LoadGenerator.Load]
        var idleMegabytes: Double
        var loadedMegabytes: Double
        func load(_ concurrency: Int) -> LoadGenerator.Load? { loads.first { $0.concurrency == concurrency } }
    }

    static func run(_ settings: Settings) async throws {
        let repository = ModelBundle.bundledRoot().deletingLastPathComponent()
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ropscreen")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            print("service: build ropscreen first (swift build -c release)")
            return
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bench-service-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let diameter = String(AnalysisOptions().vesselFieldDiameter ?? 512)
        let script = repository.appendingPathComponent("bench/reference/server.py")
        let python = URL(fileURLWithPath: ProcessInfo.processInfo.environment["ROPSCREEN_REFERENCE_PYTHON"] ?? "/usr/bin/python3")
        let cpu = "\(Runtime.cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        print("\nService on \(cpu)")
        for (index, photo) in try benchmarkPhotographs().prefix(settings.photos).enumerated() {
            let body = work.appendingPathComponent("body-\(index).json")
            try JSONSerialization.data(withJSONObject: ["image": Data(photo.bytes).base64EncodedString()]).write(to: body)
            guard let wrk = try LoadGenerator.wrk(body: body, contentType: "application/json", directory: work) else {
                print("service: wrk is not installed (bash scripts/setup.sh --bench)")
                return
            }
            print("\nFull report (the default analyses, vessels at a \(diameter)-px field of view) for a \(photo.description)"
                  + " sent as JSON + base64, wrk on loopback; CPU: \(cpu)")
            func ropscreen(monitoring: Bool, executable: URL = executable, label: String = "ropscreen", baseline: Bool = false,
                           dataDirectory: URL? = nil) throws -> ServerProcess {
                let name = label + (monitoring ? "" : " --no-monitoring")
                let directory = dataDirectory ?? work.appendingPathComponent("\(baseline ? "baseline" : "ropscreen")\(monitoring ? "" : "-unmonitored")-\(index)")
                return try ServerProcess(name: name, executable: executable, port: 18000 + Int.random(in: 0 ..< 500)) { port in
                    ["serve", "--port", String(port), "--data-dir", directory.path, "--queue-capacity", "64",
                     "--vessel-field-diameter", diameter] + (monitoring ? [] : ["--no-monitoring"])
                        + (baseline ? settings.baselineArguments : settings.serveArguments)
                }
            }
            if settings.shadowCost, !settings.monitoringOnly, index == 0 {  // the first photograph's: the candidate's work is the same for every photograph
                let shadowed = work.appendingPathComponent("shadowed-\(index)")
                try ShadowBenchmark.nominateCandidate(executable: executable, dataDirectory: shadowed, work: work.appendingPathComponent("candidate-\(index)"))
                try await ShadowBenchmark.overHTTP(shadowed: ropscreen(monitoring: true, label: "ropscreen with a shadowing candidate", dataDirectory: shadowed),
                                                   plain: ropscreen(monitoring: true), wrk: wrk, levels: settings.endLevels)
                try ShadowBenchmark.printAgreement(executable: executable, dataDirectory: shadowed)
            }
            guard !settings.shadowOnly else { continue }
            if settings.monitoringCost {
                try MonitoringBenchmark.inProcess(photo: photo.bytes)
                try await MonitoringBenchmark.overHTTP(monitored: ropscreen(monitoring: true), unmonitored: ropscreen(monitoring: false), wrk: wrk,
                                                       levels: settings.endLevels, rounds: 2)
            }
            guard !settings.monitoringOnly else { continue }
            let ours = try await measure(ropscreen(monitoring: true), wrk: wrk, levels: settings.levels)
            if let baseline = settings.baseline {
                let label = "baseline \(baseline.lastPathComponent == "ropscreen" && baseline.path != executable.path ? baseline.path : "ropscreen") \(settings.baselineArguments.joined(separator: " "))"
                let older = try await measure(ropscreen(monitoring: true, executable: baseline, label: label, baseline: true), wrk: wrk, levels: settings.levels)
                printRatios(ours, older, levels: settings.levels, cpu: cpu, against: "the baseline build")
            }
            guard referenceIsInstalled(python: python) else {
                print("  reference server: \(python.path) lacks torch, flask or cv2 (bash scripts/setup.sh --bench); no ratio printed")
                continue
            }
            let reference = try await measure(
                ServerProcess(name: "reference (Flask + PyTorch)", executable: python, port: 18500 + Int.random(in: 0 ..< 500)) { port in
                    [script.path, "--models", repository.appendingPathComponent("Models").path, "--port", String(port),
                     "--data-dir", work.appendingPathComponent("reference-\(index)").path, "--vessel-field-diameter", diameter]
                }, wrk: wrk, levels: settings.levels)
            printRatios(ours, reference, levels: settings.levels, cpu: cpu, against: "the reference")
        }
    }

    static func measure(_ server: ServerProcess, wrk: LoadGenerator, levels: [(concurrency: Int, seconds: Int)]) async throws -> Measured {
        defer { server.stop() }
        try await server.waitUntilReady()
        let idle = server.residentMegabytes
        let url = server.base.appendingPathComponent("v1/analyses")
        _ = try wrk.run(url, concurrency: 1, seconds: 4)  // warm-up: lazy initialisation, first allocations
        print("  \(server.name):")
        var loads: [LoadGenerator.Load] = []
        for level in levels {
            let load = try wrk.run(url, concurrency: level.concurrency, seconds: level.seconds)
            loads.append(load)
            print(String(format: "    concurrency %2d: p50 %6.0f ms  p95 %6.0f ms  %5.2f reports/s  (%d answered, %d failed)",
                         load.concurrency, load.p50, load.p95, load.throughput, load.requests, load.failures))
        }
        let loaded = server.residentMegabytes
        print(String(format: "    resident memory: %.0f MiB with every model loaded, %.0f MiB after the load", idle, loaded))
        return Measured(name: server.name, loads: loads, idleMegabytes: idle, loadedMegabytes: loaded)
    }

    /// The curve side by side: p50 / p95 and throughput of both at every level, and the ratios.
    static func printRatios(_ ours: Measured, _ reference: Measured, levels: [(concurrency: Int, seconds: Int)], cpu: String, against: String) {
        print("  ropscreen against \(against) (CPU: \(cpu)):")
        print("    concurrency   ropscreen p50/p95 ms   reports/s   \(against) p50/p95 ms   reports/s   p50 ratio   throughput ratio")
        for level in levels {
            guard let a = ours.load(level.concurrency), let b = reference.load(level.concurrency) else { continue }
            guard a.requests > a.failures, b.requests > b.failures else {
                print(String(format: "    %11d   no answer within the %d s window on one side: raise BENCH_SECONDS", level.concurrency, level.seconds))
                continue
            }
            print(String(format: "    %11d   %8.0f / %-8.0f   %9.2f   %8.0f / %-8.0f   %9.2f   %.2f× faster   %.2f×", level.concurrency,
                         a.p50, a.p95, a.throughput, b.p50, b.p95, b.throughput, b.p50 / a.p50, a.throughput / b.throughput))
        }
        print(String(format: "    resident memory after the load: %.0f against %.0f MiB, %.2f×", ours.loadedMegabytes, reference.loadedMegabytes,
                     ours.loadedMegabytes / reference.loadedMegabytes))
    }

    static func referenceIsInstalled(python: URL) -> Bool {
        let check = Process()
        check.executableURL = python
        check.arguments = ["-c", "import torch, flask, cv2, numpy"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    struct Photograph {
        var bytes: [UInt8]
        var description: String
    }

    /// An adult photograph (the first IDRiD JPEG) and an infant photograph of each
    /// infant camera (the first HVDROPDB-full test RetCam and Neo photographs diagnosed ROP) when the
    /// data is there; else a generated photograph of the IDRiD size.
    static func benchmarkPhotographs() throws -> [Photograph] {
        let root = URL(fileURLWithPath: ProcessInfo.processInfo.environment["ROPSCREEN_DATA"] ?? "../shared/data")
        func first(in folder: String, where accept: (String) -> Bool, describe: (Int) -> String) -> Photograph? {
            let directory = root.appendingPathComponent(folder)
            guard let name = try? FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().first(where: accept),
                  let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return nil }
            return Photograph(bytes: [UInt8](data), description: describe(data.count / 1024) + " (\(name))")
        }
        // The infant test photographs diagnosed ROP: the case screening is for.
        let lines = (try? String(contentsOf: root.appendingPathComponent("HVDROPDB-full/manifest.csv"), encoding: .utf8))?.split(separator: "\n") ?? []
        let infantTest: [String] = lines.compactMap { line -> String? in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count > 4, cells[1] == "test", cells[4] == "rop" else { return nil }
            return cells[0].split(separator: "/").last.map(String.init)
        }
        let found = [
            first(in: "IDRiD/images", where: { $0.hasSuffix(".jpg") }) { "1440×956 IDRiD JPEG, adult (\($0) KiB)" },
            first(in: "HVDROPDB-full/images", where: { $0.contains("_RetCam_") && infantTest.contains($0) }) { "640×480 RetCam PNG, premature infant (\($0) KiB)" },
            first(in: "HVDROPDB-full/images", where: { $0.contains("_Neo_") && infantTest.contains($0) }) { "1020×1020 Neo JPEG, premature infant (\($0) KiB)" },
        ].compactMap { $0 }
        if !found.isEmpty { return found }
        let image = try SyntheticFundus(size: 956, seed: 3).draw().image.resized(to: Size(width: 1440, height: 956))
        let bytes = try image.jpegData(quality: 90)
        return [Photograph(bytes: bytes, description: "generated 1440×956 JPEG (\(bytes.count / 1024) KiB)")]
    }
}
