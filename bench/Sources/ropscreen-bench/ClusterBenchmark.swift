import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RetinaModels

/// ropscreen as several machines run it, on this one: `scripts/cluster.sh` starts PostgreSQL,
/// N servers, M workers and nginx on loopback. Measured in one run: full reports per second
/// through nginx with 1, 2 and 3 servers (as ratios to one server: on one machine the servers
/// share its cores, so this shows what the balancer and the shared database cost, not what
/// more machines would add); the queue's jobs per second with 1 and 2 workers; and the latency
/// of reading a stored analysis back, PostgreSQL against SQLite.
enum ClusterBenchmark {
    static let seconds = 20

    static func run() async throws {
        let repository = ModelBundle.bundledRoot().deletingLastPathComponent()
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ropscreen")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { return print("cluster: build ropscreen first (swift build -c release)") }
        guard ["/usr/sbin/nginx", "/usr/bin/nginx"].contains(where: FileManager.default.isExecutableFile(atPath:)),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") else {
            return print("cluster: nginx or PostgreSQL is not installed (bash scripts/setup.sh --test)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cluster-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let photo = try ServiceBenchmark.benchmarkPhotographs()[0]
        let body = work.appendingPathComponent("body.json")
        try JSONSerialization.data(withJSONObject: ["image": Data(photo.bytes).base64EncodedString()]).write(to: body)
        guard let post = try LoadGenerator.wrk(body: body, contentType: "application/json", directory: work),
              let get = try LoadGenerator.wrk(body: nil, directory: work) else { return print("cluster: wrk is not installed (bash scripts/setup.sh --bench)") }
        let cluster = Cluster(script: repository.appendingPathComponent("scripts/cluster.sh"), binary: executable, directory: work)
        print("\nCluster on \(ProcessInfo.processInfo.activeProcessorCount) cores: PostgreSQL + nginx, full reports for a \(photo.description), wrk at concurrency 8")

        var single: Double?
        for servers in 1 ... 3 {
            let base = try cluster.start(servers: servers, workers: 0)
            _ = try post.run(base.appendingPathComponent("v1/analyses"), concurrency: 2, seconds: 4)  // warm-up
            let load = try post.run(base.appendingPathComponent("v1/analyses"), concurrency: 8, seconds: seconds)
            cluster.stop()
            single = single ?? load.throughput
            print(String(format: "  %d server%@ behind nginx: %5.2f reports/s (%.2f× one server), p50 %4.0f ms, p95 %4.0f ms, %d failed", servers,
                         servers == 1 ? " " : "s", load.throughput, load.throughput / (single ?? 1), load.p50, load.p95, load.failures))
        }

        let jobs = 12
        for index in 0 ..< jobs {
            let folder = cluster.importRoot.appendingPathComponent("job-\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(photo.bytes).write(to: folder.appendingPathComponent("photo.jpg"))
        }
        var oneWorker: Double?
        for workers in 1 ... 2 {
            let base = try cluster.start(servers: 1, workers: workers)
            let started = Date()
            var ids: [String] = []
            for index in 0 ..< jobs {
                let submitted = try await Self.json(base.appendingPathComponent("v1/jobs"), body: ["type": "reanalyse", "folder": "job-\(index)"])
                if let id = submitted["id"] as? String { ids.append(id) }
            }
            var done = 0
            while done < ids.count, Date().timeIntervalSince(started) < 600 {
                try await Task.sleep(for: .milliseconds(250))
                let listed = try await Self.json(base.appendingPathComponent("v1/jobs"))["jobs"] as? [[String: Any]] ?? []
                done = listed.filter { ids.contains($0["id"] as? String ?? "") && ["succeeded", "dead", "cancelled"].contains($0["status"] as? String ?? "") }.count
            }
            let elapsed = Date().timeIntervalSince(started)  // before the cluster stops, which takes seconds
            let rate = Double(done) / elapsed
            cluster.stop()
            oneWorker = oneWorker ?? rate
            print(String(format: "  %d worker%@: %d of %d one-photograph reanalyse jobs in %.1f s, %.2f jobs/s (%.2f× one worker)", workers,
                         workers == 1 ? " " : "s", done, jobs, elapsed, rate, rate / (oneWorker ?? 1)))
        }

        // Reading one stored analysis back (GET /v1/analyses/{id}) from one server, on each backend.
        _ = try cluster.start(servers: 1, workers: 0)
        let onPostgres = try await readLatency(base: cluster.serverBase, photo: body, get: get)
        cluster.stop()
        let sqlite = try ServerProcess(name: "ropscreen on SQLite", executable: executable, port: 18600 + Int.random(in: 0 ..< 300)) { port in
            ["serve", "--port", String(port), "--data-dir", work.appendingPathComponent("sqlite").path, "--drain-seconds", "0"]
        }
        try await sqlite.waitUntilReady()
        let onSQLite = try await readLatency(base: sqlite.base, photo: body, get: get)
        sqlite.stop()
        print(String(format: "  a stored analysis read back: PostgreSQL p50 %.2f ms, p95 %.2f ms; SQLite p50 %.2f ms, p95 %.2f ms (%.2f×)",
                     onPostgres.p50, onPostgres.p95, onSQLite.p50, onSQLite.p95, onPostgres.p50 / onSQLite.p50))
    }

    /// Stores one analysis, then reads it back for ten seconds at concurrency 1.
    static func readLatency(base: URL, photo: URL, get: LoadGenerator) async throws -> LoadGenerator.Load {
        var request = URLRequest(url: base.appendingPathComponent("v1/analyses"))
        (request.httpMethod, request.httpBody) = ("POST", try Data(contentsOf: photo))
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = 120
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let id = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String else {
            throw BenchmarkError("the analysis to read back was not stored: \(String(decoding: data, as: UTF8.self))")
        }
        return try get.run(base.appendingPathComponent("v1/analyses/\(id)"), concurrency: 1, seconds: 10)
    }

    static func json(_ url: URL, body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: url)
        if let body {
            (request.httpMethod, request.httpBody) = ("POST", try JSONSerialization.data(withJSONObject: body))
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// `scripts/cluster.sh` over a fresh database each start.
    struct Cluster {
        let script: URL
        let binary: URL
        let directory: URL
        var importRoot: URL { directory.appendingPathComponent("cluster/import") }
        /// The first server itself, past nginx.
        let serverBase = URL(string: "http://127.0.0.1:18101")!

        func start(servers: Int, workers: Int) throws -> URL {
            let postgres = try shell(["bash", script.deletingLastPathComponent().appendingPathComponent("postgres.sh").path, "start"])
            guard let url = postgres.split(separator: "\n").first(where: { $0.hasPrefix("export ROPSCREEN_TEST_POSTGRES=") })?.split(separator: "=", maxSplits: 1).last else {
                throw BenchmarkError("scripts/postgres.sh printed no database URL")
            }
            _ = try shell(["psql", String(url), "-qtA", "-c", "DROP DATABASE IF EXISTS ropscreen_cluster WITH (FORCE)"], environment: ["PGPASSWORD": "ropscreen"])
            let printed = try shell(["bash", script.path, "start", String(servers), String(workers)])
            guard let base = printed.split(separator: "\n").last.flatMap({ URL(string: String($0)) }) else { throw BenchmarkError("cluster.sh printed no URL") }
            return base
        }

        func stop() { _ = try? shell(["bash", script.path, "stop"]) }

        /// Runs `arguments` (through env) and waits with waitpid: the script leaves daemons behind
        /// (servers, nginx) holding its output, which Foundation's Process was seen to wait on for ever.
        func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
            let output = directory.appendingPathComponent("shell-output.txt")
            let variables = ProcessInfo.processInfo.environment.merging(
                ["ROPSCREEN_CLUSTER": directory.appendingPathComponent("cluster").path, "ROPSCREEN_BIN": binary.path]) { $1 }.merging(environment) { $1 }
            let root = script.deletingLastPathComponent().deletingLastPathComponent().path
            let command = "cd '\(root)' && exec \(arguments.map { "'\($0)'" }.joined(separator: " ")) > '\(output.path)' 2>/dev/null"
            let words = ["/bin/sh", "-c", command]
            let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, envp) == 0 else { throw BenchmarkError("cannot start /bin/sh") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            guard status == 0 else { throw BenchmarkError("\(arguments.joined(separator: " ")) failed (status \(status)): \(text)") }
            return text
        }
    }
}
