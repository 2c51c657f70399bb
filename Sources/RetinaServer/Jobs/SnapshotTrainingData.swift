import Foundation
import RetinaStore

/// A labelled-data snapshot laid out as a recipe's data folder: `snapshot/manifest.csv`
/// and, beside it, each row's photograph linked from the shared image store under the
/// name the manifest gives it (`images/<sha256>`). A training job then trains on exactly
/// what the doctors labelled when the snapshot was taken.
enum SnapshotTrainingData {
    static let manifestPath = "snapshot/manifest.csv"

    /// Lays the snapshot out in `folder`; the rows written and those left out because their
    /// photograph is no longer kept.
    static func materialize(hash: String, registry: any ModelRegistry, images: ImageStore,
                            into folder: URL) async throws -> (rows: Int, missing: Int) {
        guard let bytes = try await registry.snapshotContent(hash: hash) else {
            throw APIError(.notFound, "no data snapshot \(hash)")
        }
        let content = try JSONDecoder().decode(DataSnapshotBuilder.Content.self, from: Data(bytes))
        let directory = folder.appendingPathComponent("snapshot")
        let linked = directory.appendingPathComponent("images")
        try? FileManager.default.removeItem(at: directory)  // a job taken over lays it out afresh
        try FileManager.default.createDirectory(at: linked, withIntermediateDirectories: true)
        var lines = content.manifest.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard !lines.isEmpty else { throw APIError(.invalidParameter, "data snapshot \(hash) has no manifest") }
        let header = lines.removeFirst()
        var kept = [header], missing = 0
        for line in lines {
            let image = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let sha = image.hasPrefix("images/") ? String(image.dropFirst("images/".count)) : ""
            let source = images.url(for: sha)
            guard sha.count == 64, sha.allSatisfy(\.isHexDigit), FileManager.default.fileExists(atPath: source.path) else {
                missing += 1
                continue
            }
            try FileManager.default.createSymbolicLink(at: linked.appendingPathComponent(sha), withDestinationURL: source)
            kept.append(line)
        }
        guard kept.count > 1 else { throw APIError(.invalidParameter, "no photograph of data snapshot \(hash) is still kept") }
        try (kept.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent(manifestPath), atomically: true, encoding: .utf8)
        return (kept.count - 1, missing)
    }
}
