import Foundation

/// Runs a Python snippet with pydicom when it is installed: the interpreter in
/// `ROPSCREEN_PYDICOM_PYTHON`, else `python3`. Returns nil (and prints why)
/// when pydicom is not there, so the test can skip.
enum PythonPydicom {
    static var interpreter: String {
        ProcessInfo.processInfo.environment["ROPSCREEN_PYDICOM_PYTHON"] ?? "/usr/bin/env"
    }

    private static func arguments(_ rest: [String]) -> [String] {
        ProcessInfo.processInfo.environment["ROPSCREEN_PYDICOM_PYTHON"] == nil ? ["python3"] + rest : rest
    }

    static func run(_ script: String, arguments extra: [String] = []) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments(["-c", script] + extra)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static var isAvailable: Bool {
        guard let result = try? run("import pydicom, numpy"), result.status == 0 else {
            print("pydicom is not installed (set ROPSCREEN_PYDICOM_PYTHON to a Python with pydicom and numpy): skipping the pydicom check")
            return false
        }
        return true
    }
}
