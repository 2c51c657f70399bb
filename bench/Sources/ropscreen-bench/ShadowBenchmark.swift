import Foundation
import RetinaModels

/// What a candidate shadowing production costs the request path (issue 18: shadow work runs off
/// it and must not delay reports). Two `ropscreen serve` processes, started at once and loaded in
/// turn (`PairedLoad`): one whose registry has the bundled ROP model registered again as a new version
/// and nominated as the candidate, so that every report is also analysed by the candidate after it
/// is answered, and one without a candidate. Afterwards the registry says how many reports the
/// candidate analysed (when the server is saturated, the shadow's buffer drops the oldest offers).
enum ShadowBenchmark {
    /// Registers the bundled ROP model, under another version, in `dataDirectory`'s registry as the candidate.
    static func nominateCandidate(executable: URL, dataDirectory: URL, work: URL) throws {
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let candidate = work.appendingPathComponent("rop-shadow-candidate")
        try FileManager.default.copyItem(at: ModelBundle.bundledRoot().appendingPathComponent("rop"), to: candidate)
        var card = try ModelCard.read(from: candidate)
        card.version += "-shadow"
        try card.write(to: candidate)
        try run(executable, ["models", "register", candidate.path, "--nominate", "--data-dir", dataDirectory.path])
    }

    static func overHTTP(shadowed: ServerProcess, plain: ServerProcess, wrk: LoadGenerator,
                         levels: [(concurrency: Int, seconds: Int)], rounds: Int = 2) async throws {
        defer { shadowed.stop(); plain.stop() }
        try await PairedLoad.compare(shadowed, against: plain, wrk: wrk, levels: levels, rounds: rounds,
                                     what: "a shadowing candidate's cost on the request path (the ROP model again)")
    }

    /// What the registry recorded of the candidate's shadow runs (`ropscreen models list`).
    static func printAgreement(executable: URL, dataDirectory: URL) throws {
        let lines = try run(executable, ["models", "list", "--task", "rop", "--data-dir", dataDirectory.path])
            .split(separator: "\n").filter { $0.contains("shadow") }
        print("  the candidate's runs: " + (lines.isEmpty ? "none recorded" : lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")))
    }

    @discardableResult
    static func run(_ executable: URL, _ arguments: [String]) throws -> String {
        let (status, output) = try runToEnd(executable, arguments)
        guard status == 0 else { throw BenchmarkError("ropscreen \(arguments.prefix(2).joined(separator: " ")) exited with \(status)") }
        return output
    }
}
