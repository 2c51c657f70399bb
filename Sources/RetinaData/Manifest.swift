import Foundation
import FundusImaging

/// A data set in ropscreen's manifest format (`../shared/data/README.md`), also
/// the import format for a hospital's own labelled images.
///
/// Every row is validated when the manifest is read: a bad value, a missing
/// file or a malformed row is a `ManifestError` naming the file and line, so a
/// training run never starts on data that would fail half-way. Unknown columns
/// are ignored; an empty cell means unknown.
public struct Manifest: Sendable {
    public static let columns = [
        "image", "split", "eye", "quality", "diagnosis", "od_x", "od_y", "od_w", "od_h",
        "fovea_x", "fovea_y", "vessel_mask", "fov_mask", "extra_mask", "lesions",
    ]

    public let url: URL
    public let rows: [ManifestRow]

    public init(contentsOf url: URL, checkFiles: Bool = true) throws {
        let name = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ManifestError(file: name, line: nil, message: "cannot read the manifest")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: name, line: nil, message: "the manifest is not UTF-8 text")
        }
        let records: [(line: Int, fields: [String])]
        do { records = try CSV.records(text) } catch let error as CSV.UnterminatedQuote {
            throw ManifestError(file: name, line: error.line, message: "a quoted field is never closed")
        }
        guard let header = records.first else { throw ManifestError(file: name, line: 1, message: "the manifest is empty") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard columns.contains("image") else {
            throw ManifestError(file: name, line: header.line, message: "the header has no 'image' column")
        }
        let base = url.deletingLastPathComponent()
        self.url = url
        rows = try records.dropFirst().map { record in
            guard record.fields.count == columns.count else {
                throw ManifestError(file: name, line: record.line, message: "\(record.fields.count) fields, the header has \(columns.count)")
            }
            var cells: [String: String] = [:]
            for (column, value) in zip(columns, record.fields) where Self.columns.contains(column) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { cells[column] = trimmed }
            }
            return try RowParser(file: name, line: record.line, cells: cells, base: base, checkFiles: checkFiles).parse()
        }
    }

    public func rows(in split: Split) -> [ManifestRow] { rows.filter { $0.split == split } }
}

/// Turns one row's cells into a `ManifestRow`, or a `ManifestError` for its line.
private struct RowParser {
    let file: String
    let line: Int
    let cells: [String: String]
    let base: URL
    let checkFiles: Bool

    func fail(_ message: String) -> ManifestError { ManifestError(file: file, line: line, message: message) }

    func parse() throws -> ManifestRow {
        guard let imagePath = cells["image"] else { throw fail("the 'image' cell is empty") }
        let odCenter = try point("od_x", "od_y")
        let odSize = try point("od_w", "od_h")
        if let odSize, odSize.x <= 0 || odSize.y <= 0 { throw fail("od_w and od_h must be positive") }
        if odSize != nil && odCenter == nil { throw fail("od_w/od_h are given without od_x/od_y") }
        return ManifestRow(
            line: line,
            image: try file(imagePath, column: "image"),
            split: try choice("split", aliases: ["val": .validation, "valid": .validation]),
            eye: try choice("eye", aliases: ["l": .left, "r": .right, "os": .left, "od": .right]),
            quality: try choice("quality", aliases: [:]),
            diagnosis: cells["diagnosis"]?.lowercased(),
            opticDisc: odCenter.flatMap { c in odSize.map { Rect(x: c.x - $0.x / 2, y: c.y - $0.y / 2, width: $0.x, height: $0.y) } },
            opticDiscCenter: odCenter,
            fovea: try point("fovea_x", "fovea_y"),
            vesselMask: try cells["vessel_mask"].map { try file($0, column: "vessel_mask") },
            fieldOfViewMask: try cells["fov_mask"].map { try file($0, column: "fov_mask") },
            extraMask: try cells["extra_mask"].map { try file($0, column: "extra_mask") },
            lesions: try lesions())
    }

    func number(_ column: String) throws -> Double? {
        guard let text = cells[column] else { return nil }
        guard let value = Double(text), value.isFinite else { throw fail("\(column) '\(text)' is not a number") }
        return value
    }

    /// Both coordinates or neither.
    func point(_ xColumn: String, _ yColumn: String) throws -> Point? {
        switch (try number(xColumn), try number(yColumn)) {
        case (nil, nil): return nil
        case (let x?, let y?): return Point(x: x, y: y)
        default: throw fail("\(xColumn) and \(yColumn) must be given together")
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ column: String, aliases: [String: T]) throws -> T? where T.RawValue == String {
        guard let text = cells[column]?.lowercased() else { return nil }
        if let value = T(rawValue: text) ?? aliases[text] { return value }
        throw fail("\(column) '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    func file(_ path: String, column: String) throws -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
        if checkFiles && !FileManager.default.fileExists(atPath: url.path) {
            throw fail("\(column) file '\(path)' does not exist")
        }
        return url
    }

    /// `class:x:y:w:h` boxes separated by `;`.
    func lesions() throws -> [LesionBox] {
        guard let text = cells["lesions"] else { return [] }
        return try text.split(separator: ";").map { item in
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, !parts[0].isEmpty else { throw fail("lesion '\(item)' is not class:x:y:w:h") }
            let values = parts.dropFirst().compactMap { Double($0) }.filter(\.isFinite)
            guard values.count == 4, values[2] > 0, values[3] > 0 else { throw fail("lesion '\(item)' has a bad box") }
            return LesionBox(kind: parts[0], box: Rect(x: values[0], y: values[1], width: values[2], height: values[3]))
        }
    }
}
