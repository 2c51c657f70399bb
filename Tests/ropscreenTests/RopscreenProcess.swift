import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `ropscreen` binary run as a child process, as an operator runs it.
final class RopscreenProcess: @unchecked Sendable {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ropscreen")

    let process = Process()
    let port: Int?

    init(_ arguments: [String], port: Int? = nil, log: URL? = nil) throws {
        self.port = port
        process.executableURL = Self.binary
        process.arguments = arguments
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            (process.standardOutput, process.standardError) = (handle, handle)
        } else {
            (process.standardOutput, process.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice)
        }
        try process.run()
    }

    /// `ropscreen serve` on `port` over a data folder (and a PostgreSQL database when given);
    /// no drain before a stop unless `drainSeconds` asks for one.
    static func server(data: URL, importRoot: URL, port: Int, database: String? = nil, drainSeconds: Int = 0, log: URL? = nil) throws -> RopscreenProcess {
        try RopscreenProcess(["serve", "--port", String(port), "--data-dir", data.path, "--import-root", importRoot.path,
                              "--insecure-cookies", "--retention-days", "0", "--drain-seconds", String(drainSeconds)]
                             + (database.map { ["--database", $0] } ?? []), port: port, log: log)
    }

    var pid: Int32 { process.processIdentifier }
    var base: String { "http://127.0.0.1:\(port ?? 0)" }

    func waitUntilHealthy(path: String = "/readyz") async throws {
        for _ in 0 ..< 600 {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + path)!),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }

    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The HTTP status of `GET path`, nil when nothing answers.
    func status(of path: String) async -> Int? {
        var request = URLRequest(url: URL(string: base + path)!)
        request.timeoutInterval = 15
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }
}
