import Foundation

/// Load from a second process: wrk (Debian's `wrk`) posting one request body
/// over and over on `concurrency` connections for a fixed time. A Lua script
/// sets the body and prints the figures wrk's own summary leaves out (p95,
/// non-2xx answers) on one machine-readable line.
struct LoadGenerator {
    let executable: URL
    let script: URL

    struct Load {
        var concurrency: Int
        var requests: Int
        var failures: Int
        var seconds: Double
        var p50: Double
        var p95: Double
        var throughput: Double { Double(requests - failures) / seconds }
    }

    /// wrk from the PATH, or nil when it is not installed; without a body it sends GETs.
    static func wrk(body: URL?, contentType: String = "", directory: URL) throws -> LoadGenerator? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("wrk") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let path else { return nil }
        let script = directory.appendingPathComponent(body == nil ? "get.lua" : "post.lua")
        let request = body.map { """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "\(contentType)"
            local file = assert(io.open("\($0.path)", "rb"))
            wrk.body = file:read("*a")
            file:close()
            """ } ?? #"wrk.method = "GET""#
        try """
        \(request)
        done = function(summary, latency, requests)
          local failed = summary.errors.status + summary.errors.timeout + summary.errors.connect + summary.errors.read + summary.errors.write
          io.write(string.format("LOAD %d %d %.6f %.3f %.3f\\n", summary.requests, failed, summary.duration / 1e6,
                                 latency:percentile(50) / 1000, latency:percentile(95) / 1000))
        end
        """.write(to: script, atomically: true, encoding: .utf8)
        return LoadGenerator(executable: path, script: script)
    }

    /// Loads `url` for `seconds` at `concurrency`; latencies in milliseconds.
    func run(_ url: URL, concurrency: Int, seconds: Int) throws -> Load {
        let text = try runToEnd(executable, ["-t", String(min(2, concurrency)), "-c", String(concurrency), "-d", "\(seconds)s",
                                             "--timeout", "60s", "-s", script.path, url.absoluteString]).output
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("LOAD ") }) else {
            throw BenchmarkError("wrk printed no summary:\n\(text)")
        }
        let fields = line.split(separator: " ").dropFirst().map(String.init)
        guard fields.count == 5, let requests = Int(fields[0]), let failures = Int(fields[1]),
              let duration = Double(fields[2]), let p50 = Double(fields[3]), let p95 = Double(fields[4]) else {
            throw BenchmarkError("unreadable wrk summary: \(line)")
        }
        return Load(concurrency: concurrency, requests: requests, failures: failures, seconds: duration, p50: p50, p95: p95)
    }
}
