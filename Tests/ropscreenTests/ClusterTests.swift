import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FundusImaging
import Testing

/// Three servers and two workers on one PostgreSQL database and one image folder,
/// behind nginx, as a screening programme runs ropscreen on several machines. Needs
/// `$ROPSCREEN_TEST_POSTGRES` (.ci/run starts a server) and nginx (setup.sh --test).
@Suite("Cluster", .serialized)
struct ClusterTests {
    static let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/nginx/ropscreen.conf.template")

    final class Cluster: @unchecked Sendable {
        let work: URL
        let database: String
        var servers: [RopscreenProcess]
        let workers: [RopscreenProcess]
        let proxy: Process
        let base: String

        init(work: URL, database: String, servers: [RopscreenProcess], workers: [RopscreenProcess], proxy: Process, base: String) {
            (self.work, self.database, self.servers, self.workers, self.proxy, self.base) = (work, database, servers, workers, proxy, base)
        }

        /// Starts server `index` again on its port, after it was killed.
        func restart(_ index: Int) throws {
            servers[index] = try RopscreenProcess.server(data: work.appendingPathComponent("data"), importRoot: work.appendingPathComponent("import"),
                                                         port: servers[index].port ?? 0, database: database,
                                                         log: work.appendingPathComponent("server-\(index)-restarted.log"))
        }

        func stop() {
            for process in servers + workers { process.stop() }
            if proxy.isRunning {
                proxy.terminate()
                proxy.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: work)
        }
    }

    /// A fresh database, the servers, the workers and nginx.
    static func start(servers: Int, workers: Int, photographs: Int) async throws -> Cluster? {
        guard let url = ProcessInfo.processInfo.environment["ROPSCREEN_TEST_POSTGRES"], let nginx else {
            print("skipped: the cluster test needs $ROPSCREEN_TEST_POSTGRES (.ci/run sets it) and nginx (bash scripts/setup.sh --test)")
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: RopscreenProcess.binary.path) else {
            print("skipped: \(RopscreenProcess.binary.path) is not built")
            return nil
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID())")
        let (data, importRoot, prefix) = (work.appendingPathComponent("data"), work.appendingPathComponent("import"), work.appendingPathComponent("nginx"))
        for folder in [data, importRoot.appendingPathComponent("archive"), prefix] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for i in 0 ..< photographs {
            try Data(try SyntheticFundus(size: 96, seed: UInt64(1000 + i)).draw().image.pngData())
                .write(to: importRoot.appendingPathComponent("archive/\(String(format: "%03d", i)).png"))
        }
        let name = "ropscreen_cluster_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [url, "-qtA", "-c", "CREATE DATABASE \(name)"]
        psql.environment = ["PGCONNECT_TIMEOUT": "5"]
        try psql.run()
        psql.waitUntilExit()
        let database = String(url[..<(url.range(of: "/", options: .backwards)?.lowerBound ?? url.endIndex)]) + "/\(name)"
        let firstPort = Int.random(in: 21000 ..< 39000)
        // The first server migrates the new database before the others start.
        var serverProcesses = [try RopscreenProcess.server(data: data, importRoot: importRoot, port: firstPort, database: database,
                                                           log: work.appendingPathComponent("server-0.log"))]
        try await serverProcesses[0].waitUntilHealthy()
        for i in 1 ..< servers {
            serverProcesses.append(try RopscreenProcess.server(data: data, importRoot: importRoot, port: firstPort + i, database: database,
                                                               log: work.appendingPathComponent("server-\(i).log")))
        }
        for server in serverProcesses { try await server.waitUntilHealthy() }
        let workerProcesses = try (0 ..< workers).map { i in
            try RopscreenProcess(["worker", "--data-dir", data.path, "--database", database, "--import-root", importRoot.path, "--lease-seconds", "5",
                                  "--worker-id", "w\(i)"],
                                 log: work.appendingPathComponent("worker-\(i).log"))
        }
        let nginxPort = firstPort + 100
        let upstreams = (0 ..< servers).map { "        server 127.0.0.1:\(firstPort + $0) max_fails=1 fail_timeout=2s;" }.joined(separator: "\n")
        let configuration = try String(contentsOf: template, encoding: .utf8).replacingOccurrences(of: "@PREFIX@", with: prefix.path)
            .replacingOccurrences(of: "@PORT@", with: String(nginxPort)).replacingOccurrences(of: "@UPSTREAMS@", with: upstreams)
        try configuration.write(to: prefix.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        // nginx in the foreground, as a child of the test, so that it ends with it.
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: nginx)
        proxy.arguments = ["-c", prefix.appendingPathComponent("nginx.conf").path, "-p", prefix.path, "-g", "daemon off;"]
        let log = work.appendingPathComponent("nginx.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        (proxy.standardOutput, proxy.standardError) = (handle, handle)
        try proxy.run()
        let cluster = Cluster(work: work, database: database, servers: serverProcesses, workers: workerProcesses, proxy: proxy,
                              base: "http://127.0.0.1:\(nginxPort)")
        for _ in 0 ..< 100 {
            if let (_, status) = try? await send(cluster.base + "/healthz"), status == 200 { return cluster }
            try await Task.sleep(for: .milliseconds(100))
        }
        cluster.stop()
        Issue.record("nginx did not start: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        return nil
    }

    static func send(_ url: String, method: String = "GET", body: Data? = nil, contentType: String? = nil) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 60
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    @Test("A load of reports through nginx while one of three servers is SIGKILLed and restarted; an archive job done exactly once while its worker is SIGKILLed")
    func survivesKills() async throws {
        guard let cluster = try await Self.start(servers: 3, workers: 2, photographs: 120) else { return }
        defer { cluster.stop() }

        // Reports through nginx; server 1 dies a third of the way in.
        let jpeg = Data(try SyntheticFundus(size: 256, seed: 3).draw().image.jpegData(quality: 90))
        let acknowledged = IDs()
        let failures = IDs()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0 ..< 4 {
                group.addTask {
                    for i in 0 ..< 9 {
                        if lane == 0, i == 2 { cluster.servers[1].kill() }
                        if lane == 0, i == 6 { try cluster.restart(1) }
                        let (body, status) = try await Self.send(cluster.base + "/v1/analyses?tasks=quality,laterality", method: "POST",
                                                                 body: jpeg, contentType: "image/jpeg")
                        if status == 200, let id = (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["id"] as? String {
                            acknowledged.add(id)
                        } else {
                            failures.add("\(status)")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await cluster.servers[1].waitUntilHealthy()
        let (history, _) = try await Self.send(cluster.base + "/v1/analyses?limit=500")
        let stored = ((try JSONSerialization.jsonObject(with: history) as? [String: Any])?["analyses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(acknowledged.values.count >= 30, "acknowledged \(acknowledged.values.count) of 36 (failures: \(failures.values.sorted()))")
        #expect(acknowledged.values.isSubset(of: Set(stored)), "an acknowledged analysis is missing")
        #expect(Set(stored).count == stored.count, "a duplicate analysis")

        // The archive job: its worker is killed once it is under way; the other takes it up when the lease ends.
        let (submitted, submitStatus) = try await Self.send(cluster.base + "/v1/jobs", method: "POST",
                                                            body: try JSONSerialization.data(withJSONObject: ["type": "reanalyse", "folder": "archive", "tasks": ["quality"]]),
                                                            contentType: "application/json")
        #expect(submitStatus == 202)
        let jobID = try #require((try JSONSerialization.jsonObject(with: submitted) as? [String: Any])?["id"] as? String)
        var killed = false
        var state: [String: Any] = [:]
        for _ in 0 ..< 1200 {
            let (body, _) = try await Self.send(cluster.base + "/v1/jobs/\(jobID)")
            state = (try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
            if !killed, (state["progress"] as? Double ?? 0) > 0.2, state["status"] as? String == "running" {
                // Kill the worker that holds it (workers are named w0, w1).
                if let holder = (state["workerID"] as? String).flatMap({ Int($0.dropFirst()) }) {
                    cluster.workers[holder].kill()
                    killed = true
                }
            }
            if ["succeeded", "dead", "cancelled"].contains(state["status"] as? String ?? "") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(killed && state["status"] as? String == "succeeded", "\(state)")
        let outcome = try JSONSerialization.jsonObject(with: Data((state["result"] as? String ?? "{}").utf8)) as? [String: Int]
        #expect((outcome?["analysed"] ?? 0) + (outcome?["alreadyStored"] ?? 0) == 120 && outcome?["failed"] == 0, "\(outcome ?? [:])")
        let (all, _) = try await Self.send(cluster.base + "/v1/analyses?limit=500")
        let ids = ((try JSONSerialization.jsonObject(with: all) as? [String: Any])?["analyses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let archive = ids.filter { $0.hasPrefix("reanalysis-") }
        #expect(archive.count == 120 && Set(archive).count == 120, "\(archive.count) archive analyses, \(Set(archive).count) distinct")
        print("cluster: \(acknowledged.values.count) of 36 reports acknowledged with a server SIGKILLed (all stored, none twice); archive of 120 analysed exactly once across a worker SIGKILL (attempts \(state["attempts"] ?? "?"))")
    }
}

/// Ids collected by several tasks.
final class IDs: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<String> = []
    func add(_ id: String) { lock.withLock { _ = set.insert(id) } }
    var values: Set<String> { lock.withLock { set } }
}
