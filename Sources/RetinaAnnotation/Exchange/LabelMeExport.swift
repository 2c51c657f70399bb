import Foundation

/// A photograph's labels as a LabelMe 5.x JSON file (`version`, `flags`, `shapes`,
/// `imagePath`, `imageData` null, `imageHeight`, `imageWidth`), which `LabelMeImport` reads
/// back to exactly the same labels.
///
/// Conventions, by field kind (ICROP3 field names in brackets):
/// - categorical (zone, stage, plus, a_rop, extent_clock_hours, eye, image_quality): image
///   flags `"field=option"`, one per option of the schema, true for the chosen one, so the
///   flags show as LabelMe's checkboxes (`"zone=II": true`, `"zone=III": false`, …).
/// - box (disc): a `rectangle` shape labelled with the field name, points top-left then
///   bottom-right.
/// - point (fovea): a `point` shape.
/// - polyline (ridge): a `linestrip` shape, its vertices in order.
/// - note (note) and brush mask: LabelMe has no place for them; they go in the top-level
///   `ropscreen` object (`notes`: field → text; `masks`: field → run-length `BinaryMask`),
///   with the schema name, the photograph id, the split, the provenance and the source
///   manifest cells. LabelMe keeps that object when it opens and saves the file.
///
/// Shapes are written in schema order; `group_id` and `mask` are null, `description` empty.
/// `imagePath` is the photograph's image path as given: write the file where that path,
/// read from the file's folder, reaches the image (LabelMe resolves it so).
public struct LabelMeExport: Sendable {
    /// The LabelMe version the files claim.
    public static let version = "5.5.0"

    public let schema: LabelSchema

    public init(schema: LabelSchema = .icrop3) {
        self.schema = schema
    }

    /// The LabelMe JSON of one photograph (pretty-printed, keys sorted), after checking its
    /// labels against the schema.
    public func json(for photograph: LabelledPhotograph) throws(LabelExportError) -> Data {
        try schema.validateForExport(photograph)
        var flags: [String: Bool] = [:]
        var shapes: [LabelMeDocument.Shape] = []
        var notes: [String: String] = [:]
        var masks: [String: BinaryMask] = [:]
        for field in schema.fields {
            let value = photograph.labels[field.name]
            switch field.kind {
            case .categorical(let options):
                guard !field.name.contains("=") else { throw .fieldNameNotExportable(field.name) }
                for option in options.values { flags[Self.flag(field: field.name, option: option)] = value?.option == option }
            case .box:
                if let box = value?.box { shapes.append(LabelMeDocument.Shape(label: field.name, points: [box.topLeft, box.bottomRight], shapeType: "rectangle")) }
            case .point:
                if let point = value?.point { shapes.append(LabelMeDocument.Shape(label: field.name, points: [point], shapeType: "point")) }
            case .polyline:
                if let points = value?.polyline { shapes.append(LabelMeDocument.Shape(label: field.name, points: points, shapeType: "linestrip")) }
            case .brushMask:
                if let mask = value?.mask { masks[field.name] = mask }
            case .note:
                if case .note(let text) = value { notes[field.name] = text }
            }
        }
        let ropscreen = LabelMeDocument.RopscreenData(
            schema: schema.name,
            photograph: photograph.photograph.rawValue == photograph.imagePath ? nil : photograph.photograph.rawValue,
            split: photograph.split, notes: notes.isEmpty ? nil : notes, masks: masks.isEmpty ? nil : masks,
            provenance: photograph.provenance.isEmpty ? nil : photograph.provenance,
            sourceColumns: photograph.sourceColumns.isEmpty ? nil : photograph.sourceColumns)
        let document = LabelMeDocument(version: Self.version, flags: flags, shapes: shapes, imagePath: photograph.imagePath,
                                       imageSize: photograph.imageSize, ropscreen: ropscreen)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(document)
        } catch {
            throw .encodingFailed(String(describing: error))
        }
    }

    /// The image flag of one categorical option.
    public static func flag(field: String, option: String) -> String { "\(field)=\(option)" }
}
