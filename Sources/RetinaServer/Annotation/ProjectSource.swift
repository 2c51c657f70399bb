import Foundation
import RetinaAnnotation
import RetinaData

/// Where a project's photographs come from, all under the server's import root: a
/// manifest (the ../shared/data format), a folder of images, a folder of LabelMe
/// JSON files (their labels become the draft), or the ranking of `ropscreen audit`
/// (its suspects, best first, for a doctor to confirm or correct: the review queue).
public enum ProjectSource: Sendable, Equatable {
    case manifest(path: String, split: Split?)
    case folder(path: String)
    case labelMe(path: String)
    case review(auditCSV: String)

    /// One photograph to import: its file, the path the export names it by, and what is known of it.
    struct Item {
        var image: URL
        var relativePath: String
        var split: String?
        var sourceColumns: [String: String] = [:]
        /// Labels that came with it (LabelMe, or the label an audit doubts); they win over the models' draft.
        var priorLabels: [String: LabelValue] = [:]
    }

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp"]

    /// The items of this source, in order, at most `limit`.
    func items(root: URL, schema: LabelSchema, limit: Int?) throws -> [Item] {
        let items: [Item]
        switch self {
        case .manifest(let path, let split):
            let url = try Self.resolve(path, under: root)
            let manifest: Manifest
            do { manifest = try Manifest(contentsOf: url) } catch { throw APIError(.invalidParameter, "\(error)") }
            let base = url.deletingLastPathComponent()
            items = (split.map { manifest.rows(in: $0) } ?? manifest.rows).map { row in
                Item(image: row.image, relativePath: Self.relative(row.image, to: base), split: row.split?.rawValue)
            }
        case .folder(let path):
            let folder = try Self.resolve(path, under: root)
            items = try Self.files(in: folder).filter { Self.imageExtensions.contains($0.pathExtension.lowercased()) }
                .map { Item(image: $0, relativePath: Self.relative($0, to: folder)) }
        case .labelMe(let path):
            let folder = try Self.resolve(path, under: root)
            items = try Self.files(in: folder).filter { $0.pathExtension.lowercased() == "json" }.map { file in
                let imported: LabelledPhotograph
                do { imported = try LabelMeImport(schema: schema).photograph(from: Data(contentsOf: file)) } catch {
                    throw APIError(.invalidLabel, "\(file.lastPathComponent): \(error)")
                }
                let image = try Self.resolve(imported.imagePath, under: file.deletingLastPathComponent(), within: root)
                return Item(image: image, relativePath: Self.relative(image, to: folder), split: imported.split, priorLabels: imported.labels)
            }
        case .review(let auditCSV):
            let url = try Self.resolve(auditCSV, under: root)
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw APIError(.invalidParameter, "the audit file cannot be read") }
            let records: [(line: Int, fields: [String])]
            do { records = try CSV.records(text) } catch { throw APIError(.invalidParameter, "the audit file is not CSV") }
            guard let header = records.first?.fields, let image = header.firstIndex(of: "image"), let given = header.firstIndex(of: "given"),
                  let suggested = header.firstIndex(of: "suggested"), let suspect = header.firstIndex(of: "suspect") else {
                throw APIError(.invalidParameter, "the audit file lacks image, given, suggested or suspect (ropscreen audit writes them)")
            }
            items = try records.dropFirst().filter { $0.fields.count == header.count && $0.fields[suspect] == "yes" }.map { record in
                let file = try Self.resolve(record.fields[image], under: root, within: root)
                var prior: [String: LabelValue] = [LabelSchema.ICROP3Field.note:
                    .note("audit: labelled \(record.fields[given]), the models suggest \(record.fields[suggested]); confirm or correct")]
                if let quality = Self.qualityOption(record.fields[given]) { prior[LabelSchema.ICROP3Field.quality] = .option(quality) }
                return Item(image: file, relativePath: Self.relative(file, to: root), priorLabels: prior)
            }
        }
        return Array(items.prefix(limit ?? Int.max))
    }

    /// The ICROP3 image-quality option of a manifest quality label.
    static func qualityOption(_ label: String) -> String? {
        switch label {
        case "good": "good"
        case "bad", "outlier": "bad"
        default: nil
        }
    }

    /// `path` under `base`, refused unless it stays inside `root` (no `..`, no symlink out).
    static func resolve(_ path: String, under base: URL, within root: URL? = nil) throws -> URL {
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)).standardizedFileURL.resolvingSymlinksInPath()
        let boundary = (root ?? base).standardizedFileURL.resolvingSymlinksInPath().path
        guard url.path == boundary || url.path.hasPrefix(boundary + "/") else { throw APIError(.invalidParameter, "'\(path)' is not under the import root") }
        guard FileManager.default.fileExists(atPath: url.path) else { throw APIError(.invalidParameter, "'\(path)' does not exist") }
        return url
    }

    static func relative(_ file: URL, to base: URL) -> String {
        let (path, prefix) = (file.standardizedFileURL.resolvingSymlinksInPath().path, base.standardizedFileURL.resolvingSymlinksInPath().path + "/")
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : file.lastPathComponent
    }

    static func files(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
