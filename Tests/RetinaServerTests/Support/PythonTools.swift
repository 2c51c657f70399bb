import Foundation

/// The pinned Python tools that `scripts/setup.sh --test` installs in `.venv`
/// (pydicom, pynetdicom, fhir.resources): found there, or at `ROPSCREEN_PYTHON`.
/// A test that needs one skips, saying so, when it is not there.
enum PythonTools {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A Python that imports `module`, or nil (and a printed reason).
    static func interpreter(with module: String) -> URL? {
        let candidates: [String?] = [ProcessInfo.processInfo.environment["ROPSCREEN_PYTHON"], repository.appendingPathComponent(".venv/bin/python").path]
        for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) {
            let python = URL(fileURLWithPath: path)
            if let result = try? run(python, script: "import \(module)"), result.status == 0 { return python }
        }
        print("skipped: Python with \(module) not found (run scripts/setup.sh --test, or set ROPSCREEN_PYTHON)")
        return nil
    }

    /// Runs `script` with `input` on standard input; the exit status and everything it printed.
    static func run(_ python: URL, script: String, arguments: [String] = [], input: Data = Data()) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", script] + arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }

    /// Validates a DiagnosticReport (with its contained Observations) read from standard input
    /// against fhir.resources' R4B model, which has R4's DiagnosticReport and Observation.
    static let validateFHIRDiagnosticReport = """
        import sys
        from fhir.resources.R4B.diagnosticreport import DiagnosticReport
        report = DiagnosticReport.model_validate_json(sys.stdin.read())
        print("valid", len(report.contained or []))
        """
}
