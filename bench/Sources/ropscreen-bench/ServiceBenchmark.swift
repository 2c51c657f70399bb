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
/// measured twice in the same run, with monitoring (the default) and with `--no-monitoring`,
/// and the cost of recording the input profiles on the request path is printed.
enum ServiceBenchmark {
    static let levels = [(concurrency: 1, seconds: 20), (concurrency: 4, seconds: 25), (concurrency: 16, seconds: 40)]

    struct Measured {
        var name: String
        var loads: [LoadGenerator.Load]
        var idleMegabytes: Double
        var loadedMegabytes: Double
        func load(_ concurrency: Int) -> LoadGenerator.Load? { loads.first { $0.concurrency == concurrency } }
    }

    static func run() async throws {
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
        print("\nService on \(Runtime.cpuModel), \(ProcessInfo.processInfo.activeProcessorCount) cores, features \(Runtime.cpuFeatures.joined(separator: " "))")
        for (index, photo) in try benchmarkPhotographs().enumerated() {
            let body = work.appendingPathComponent("body-\(index).json")
            try JSONSerialization.data(withJSONObject: ["image": Data(photo.bytes).base64EncodedString()]).write(to: body)
            guard let wrk = try LoadGenerator.wrk(body: body, contentType: "application/json", directory: work) else {
                print("service: wrk is not installed (bash scripts/setup.sh --bench)")
                return
            }
            print("\nFull report (the default analyses, vessels at a \(diameter)-px field of view) for a \(photo.description)"
                  + " sent as JSON + base64, wrk on loopback")
            func ropscreen(monitoring: Bool) throws -> ServerProcess {
                let name = monitoring ? "ropscreen" : "ropscreen --no-monitoring"
                return try ServerProcess(name: name, executable: executable, port: 18000 + Int.random(in: 0 ..< 500)) { port in
                    ["serve", "--port", String(port), "--data-dir", work.appendingPathComponent("\(name)-\(index)").path, "--queue-capacity", "64",
                     "--vessel-field-diameter", diameter] + (monitoring ? [] : ["--no-monitoring"])
                }
            }
            let ours = try await measure(ropscreen(monitoring: true), wrk: wrk)
            let unmonitored = try await measure(ropscreen(monitoring: false), wrk: wrk)
            printMonitoringCost(ours, unmonitored)
            guard referenceIsInstalled(python: python) else {
                print("  reference server: \(python.path) lacks torch, flask or cv2 (bash scripts/setup.sh --bench); no ratio printed")
                continue
            }
            let reference = try await measure(
                ServerProcess(name: "reference (Flask + PyTorch)", executable: python, port: 18500 + Int.random(in: 0 ..< 500)) { port in
                    [script.path, "--models", repository.appendingPathComponent("Models").path, "--port", String(port),
                     "--data-dir", work.appendingPathComponent("reference-\(index)").path, "--vessel-field-diameter", diameter]
                }, wrk: wrk)
            printRatios(ours, reference)
        }
    }

    static func measure(_ server: ServerProcess, wrk: LoadGenerator) async throws -> Measured {
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

    /// How much slower the request path is with monitoring than without (issue 16: at most 3 %).
    static func printMonitoringCost(_ monitored: Measured, _ unmonitored: Measured) {
        print("  monitoring's cost on the request path:")
        for level in levels {
            guard let a = monitored.load(level.concurrency), let b = unmonitored.load(level.concurrency) else { continue }
            print(String(format: "    concurrency %2d: p50 %+.1f %%, throughput %+.1f %%", level.concurrency,
                         100 * (a.p50 / b.p50 - 1), 100 * (a.throughput / b.throughput - 1)))
        }
    }

    static func printRatios(_ ours: Measured, _ reference: Measured) {
        print("  ropscreen against the reference:")
        for level in levels {
            guard let a = ours.load(level.concurrency), let b = reference.load(level.concurrency) else { continue }
            print(String(format: "    concurrency %2d: p50 %.2f× faster, throughput %.2f×", level.concurrency, b.p50 / a.p50, a.throughput / b.throughput))
        }
        print(String(format: "    resident memory after the load: %.2f× the reference's", ours.loadedMegabytes / reference.loadedMegabytes))
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
