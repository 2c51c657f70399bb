import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A server started as its own process for a benchmark, ready once its
/// `/readyz` answers 200, stopped when the benchmark is done with it.
final class ServerProcess {
    let name: String
    let base: URL
    private let process = Process()

    init(name: String, executable: URL, port: Int, arguments: (Int) -> [String]) throws {
        self.name = name
        base = URL(string: "http://127.0.0.1:\(port)")!
        process.executableURL = executable
        process.arguments = arguments(port)
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits up to `seconds` for `/readyz`; fails early if the process exits.
    func waitUntilReady(seconds: Int = 120) async throws {
        for _ in 0 ..< seconds * 10 {
            guard process.isRunning else { throw BenchmarkError("\(name) exited with status \(process.terminationStatus) before it was ready") }
            if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("readyz")),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchmarkError("\(name) was not ready after \(seconds) s")
    }

    /// VmRSS of the process, in MiB (read through FileHandle: /proc files report size 0).
    var residentMegabytes: Double {
        guard let handle = FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/status"),
              let data = try? handle.readToEnd() else { return .nan }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") }.map { $0 / 1024 } ?? .nan
    }

    /// SIGTERM, then SIGKILL if the process is still there after 10 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0 ..< 100 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Runs `executable` to its end; its exit status and standard output (standard error is dropped).
func runToEnd(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    let output = Pipe()
    process.executableURL = executable
    process.arguments = arguments
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
