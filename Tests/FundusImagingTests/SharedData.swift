import Foundation

/// Where the public data sets live: `$ROPSCREEN_DATA`, else `../shared/data`
/// beside the repository. Tests that need them skip when they are absent.
enum SharedData {
    static var root: URL? {
        let env = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"].map { URL(fileURLWithPath: $0) }
        let beside = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data")
        return [env, beside].compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func available(_ dataset: String) -> Bool {
        guard let root else { return false }
        return FileManager.default.fileExists(atPath: root.appendingPathComponent(dataset).path)
    }

    /// Rows of a data set's manifest as column → value (the manifests have no quoted fields).
    static func rows(_ dataset: String) throws -> [[String: String]] {
        guard let root else { return [] }
        let text = try String(contentsOf: root.appendingPathComponent("\(dataset)/manifest.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func bytes(_ dataset: String, _ path: String) throws -> [UInt8] {
        guard let root else { return [] }
        return try [UInt8](Data(contentsOf: root.appendingPathComponent(dataset).appendingPathComponent(path)))
    }
}
