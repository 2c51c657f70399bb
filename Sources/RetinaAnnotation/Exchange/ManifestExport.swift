import Foundation
import RetinaData

/// Reference labels as the project's manifest CSV, the format of every `manifest.csv` under
/// `shared/data` (see its README): the same fifteen columns in the same order, an empty cell
/// for unknown, coordinates in image pixels with one decimal, RFC 4180 quoting, LF line ends.
///
/// Where each ICROP3 field goes:
/// - `image`, `split`: the photograph's image path and split.
/// - `eye`: the eye field (`left` / `right`).
/// - `quality`: the image-quality field, in the manifest's vocabulary (`good`, `bad`,
///   `outlier`): good → `good`, bad → `bad`, usable → `usableQuality` (`good` by default: a
///   usable photograph can be graded). `outlier` (not a fundus photograph) is never written.
/// - `diagnosis`: HVDROPDB-full's words. `rop` when stage is 1–5 or A-ROP is yes, `normal`
///   when stage is 0 (and A-ROP is not yes), empty when neither stage nor A-ROP says.
/// - `od_x`, `od_y`, `od_w`, `od_h`: the disc box's centre and size.
/// - `fovea_x`, `fovea_y`: the fovea point.
/// - `vessel_mask`, `fov_mask`, `extra_mask`, `lesions`: no label fills them; the
///   photograph's `sourceColumns` (from the manifest it was imported from) are written back.
///
/// Dropped, having no column (`fieldsWithoutColumn`): zone, stage beyond normal/ROP, plus,
/// A-ROP beyond ROP, extent in clock hours, the ridge polyline, the note, and the provenance;
/// the disc and fovea keep one decimal. `labelSidecar` writes every label exactly beside the
/// manifest; LabelMe export is the lossless round trip.
public struct ManifestExport: Sendable {
    /// The manifest columns no label fills, written from `LabelledPhotograph.sourceColumns`.
    public static let sourceColumnNames = ["vessel_mask", "fov_mask", "extra_mask", "lesions"]

    /// ICROP3 fields with no manifest column (stage and A-ROP survive only as `diagnosis`).
    public static let fieldsWithoutColumn = [
        LabelSchema.ICROP3Field.zone, LabelSchema.ICROP3Field.stage, LabelSchema.ICROP3Field.plus,
        LabelSchema.ICROP3Field.aggressiveROP, LabelSchema.ICROP3Field.extent, LabelSchema.ICROP3Field.ridge,
        LabelSchema.ICROP3Field.note,
    ]

    /// The schema the labels are checked against; its ICROP3 field names fill the columns.
    public let schema: LabelSchema
    /// The manifest quality for the ICROP3 quality `usable`.
    public let usableQuality: String

    public init(schema: LabelSchema = .icrop3, usableQuality: String = "good") {
        self.schema = schema
        self.usableQuality = usableQuality
    }

    /// The manifest of `photographs`, in the order given, after checking every label against
    /// the schema and the image paths for duplicates.
    /// Records end in LF, as the shared manifests do.
    public func csv(for photographs: [LabelledPhotograph]) throws(LabelExportError) -> String {
        try schema.validateForExport(photographs)
        return ([Manifest.columns] + photographs.map(row)).map { CSV.record($0) + "\n" }.joined()
    }

    /// One manifest row, in `Manifest.columns` order (unchecked).
    public func row(for photograph: LabelledPhotograph) -> [String] {
        typealias Field = LabelSchema.ICROP3Field
        let labels = photograph.labels
        let disc = labels[Field.disc]?.box
        let fovea = labels[Field.fovea]?.point
        let cells: [String: String] = [
            "image": photograph.imagePath,
            "split": photograph.split ?? "",
            "eye": labels[Field.eye]?.option ?? "",
            "quality": quality(labels[Field.quality]?.option),
            "diagnosis": Self.diagnosis(stage: labels[Field.stage]?.option, aggressiveROP: labels[Field.aggressiveROP]?.option),
            "od_x": Self.coordinate(disc.map { ($0.minX + $0.maxX) / 2 }),
            "od_y": Self.coordinate(disc.map { ($0.minY + $0.maxY) / 2 }),
            "od_w": Self.coordinate(disc?.width),
            "od_h": Self.coordinate(disc?.height),
            "fovea_x": Self.coordinate(fovea?.x),
            "fovea_y": Self.coordinate(fovea?.y),
        ]
        return Manifest.columns.map { column in
            cells[column] ?? (Self.sourceColumnNames.contains(column) ? photograph.sourceColumns[column] ?? "" : "")
        }
    }

    /// Every label of every photograph, exactly, as JSON keyed by image path then field name
    /// (each value as `LabelValue` encodes it): what the manifest cannot hold, kept beside it.
    public func labelSidecar(for photographs: [LabelledPhotograph]) throws(LabelExportError) -> Data {
        try schema.validateForExport(photographs)
        let byImage = Dictionary(uniqueKeysWithValues: photographs.map { ($0.imagePath, $0.labels) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(byImage)
        } catch {
            throw .encodingFailed(String(describing: error))
        }
    }

    func quality(_ option: String?) -> String {
        switch option {
        case "good": "good"
        case "usable": usableQuality
        case "bad": "bad"
        default: ""
        }
    }

    /// HVDROPDB-full's diagnosis words from the ICROP3 stage and A-ROP options.
    public static func diagnosis(stage: String?, aggressiveROP: String?) -> String {
        if aggressiveROP == "yes" { return "rop" }
        guard let stage, let number = Int(stage) else { return "" }
        return number == 0 ? "normal" : "rop"
    }

    /// One decimal, as the shared manifests write coordinates; never `-0.0`.
    static func coordinate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let text = String(format: "%.1f", value)
        return text == "-0.0" ? "0.0" : text
    }
}
