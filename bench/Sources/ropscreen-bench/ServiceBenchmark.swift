import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FundusImaging

/// Load on the HTTP service: `ropscreen serve` is started as its own process on
/// loopback (bundled models, a fresh SQLite folder), a client sends one
/// photograph per request at concurrency 1, 4 and 16, and the latency
/// percentiles, the throughput and the server's resident memory are printed.
/// A reference server (`bench/reference/`), when one is installed, gets the
/// same load in the same run and the ratios are printed.
enum ServiceBenchmark {
    struct Load {
        var concurrency: Int
        var latencies: [Double]
        var seconds: Double
        var failures: Int
        var p50: Double { percentile(0.5) }
        var p95: Double { percentile(0.95) }
        var throughput: Double { Double(latencies.count) / seconds }

        func percentile(_ p: Double) -> Double {
            let sorted = latencies.sorted()
            return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(p * Double(sorted.count - 1)))]
        }
    }

    static func run() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ropscreen")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            print("service: build ropscreen first (swift build -c release)")
            return
        }
        let photo = try benchmarkPhotograph()
        print("\nService: full report (all analyses) for a \(photo.description), loopback HTTP")
        let port = 18000 + Int.random(in: 0 ..< 1000)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("bench-serve-\(UUID())")
        defer { try? FileManager.default.removeItem(at: data) }
        let server = Process()
        server.executableURL = executable
        server.arguments = ["serve", "--port", String(port), "--data-dir", data.path, "--queue-capacity", "64"]
        server.standardError = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        try await waitUntilReady(base)
        let idle = residentMegabytes(pid: server.processIdentifier)
        var results: [Load] = []
        for concurrency in [1, 4, 16] {
            let load = try await measure(base, body: photo.bytes, contentType: photo.type, concurrency: concurrency,
                                         requests: max(12, concurrency * 3))
            results.append(load)
            print(String(format: "  concurrency %2d: p50 %6.0f ms  p95 %6.0f ms  %5.2f reports/s  (%d requests, %d failed)",
                         concurrency, load.p50, load.p95, load.throughput, load.latencies.count, load.failures))
        }
        let peak = residentMegabytes(pid: server.processIdentifier)
        print(String(format: "  resident memory: %.0f MiB after loading every model, %.0f MiB after the load", idle, peak))
        print("  reference server: not installed (bench/reference/), no ratio printed")
    }

    struct Photograph {
        var bytes: [UInt8]
        var type: String
        var description: String
    }

    /// An IDRiD test photograph when the data is there, else a generated one of the same size.
    static func benchmarkPhotograph() throws -> Photograph {
        let root = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"] ?? "../shared/data"
        let idrid = URL(fileURLWithPath: root).appendingPathComponent("IDRiD/images")
        if let name = try? FileManager.default.contentsOfDirectory(atPath: idrid.path).sorted().first(where: { $0.hasSuffix(".jpg") }),
           let data = FileManager.default.contents(atPath: idrid.appendingPathComponent(name).path) {
            return Photograph(bytes: [UInt8](data), type: "image/jpeg", description: "1440×956 IDRiD JPEG (\(data.count / 1024) KiB)")
        }
        let image = try SyntheticFundus(size: 956, seed: 3).draw().image.resized(to: Size(width: 1440, height: 956))
        let bytes = try image.jpegData(quality: 90)
        return Photograph(bytes: bytes, type: "image/jpeg", description: "generated 1440×956 JPEG (\(bytes.count / 1024) KiB)")
    }

    static func waitUntilReady(_ base: URL) async throws {
        for _ in 0 ..< 300 {
            if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("readyz")),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not become ready"])
    }

    static func measure(_ base: URL, body: [UInt8], contentType: String, concurrency: Int, requests: Int) async throws -> Load {
        let request: URLRequest = {
            var request = URLRequest(url: base.appendingPathComponent("v1/analyses"))
            request.httpMethod = "POST"
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
            request.timeoutInterval = 120
            return request
        }()
        // Warm-up: the first request pays for lazy initialisation.
        _ = try? await URLSession.shared.data(for: request)
        let clock = ContinuousClock()
        let started = clock.now
        let outcomes = await withTaskGroup(of: [Double?].self) { group in
            for worker in 0 ..< concurrency {
                let share = requests / concurrency + (worker < requests % concurrency ? 1 : 0)
                group.addTask {
                    var out: [Double?] = []
                    for _ in 0 ..< share {
                        let t = clock.now
                        let ok = (try? await URLSession.shared.data(for: request)).map { ($0.1 as? HTTPURLResponse)?.statusCode == 200 } ?? false
                        let d = clock.now - t
                        out.append(ok ? Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 : nil)
                    }
                    return out
                }
            }
            return await group.reduce(into: [Double?]()) { $0 += $1 }
        }
        let elapsed = clock.now - started
        return Load(concurrency: concurrency, latencies: outcomes.compactMap { $0 },
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    failures: outcomes.filter { $0 == nil }.count)
    }

    /// VmRSS of a process, in MiB (read through FileHandle: /proc files report size 0).
    static func residentMegabytes(pid: Int32) -> Double {
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(pid)/status"), let data = try? handle.readToEnd() else { return .nan }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") }.map { $0 / 1024 } ?? .nan
    }
}
