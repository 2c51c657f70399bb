import Foundation

/// Reads LabelMe JSON files (5.x; the keys of 4.x read the same) into a schema's labels,
/// following `LabelMeExport`'s conventions, and checks every label against the schema and
/// the image size.
///
/// - Flags `"field=option"` set true give categorical labels (split at the first `=`); flags
///   set false are checked but give nothing. Every flag must name a field and an option.
/// - Shapes are labelled with a field name: `rectangle` for a box (corners in either
///   order), `point` for a point, `linestrip` (or a two-point `line`) for a polyline. A
///   `polygon` drawn for a polyline becomes the open line through its vertices back to the
///   first one. Other shape types (`circle`, `mask`, …) are refused.
/// - Notes, masks, split, photograph id, provenance and source manifest cells come from the
///   top-level `ropscreen` object when there is one; without one the photograph id is the
///   image path.
/// - `imageData`, shape `group_id`, `description` and `flags` are ignored.
public struct LabelMeImport: Sendable {
    public let schema: LabelSchema

    public init(schema: LabelSchema = .icrop3) {
        self.schema = schema
    }

    /// The labels of a LabelMe file alone.
    public func labels(from json: Data) throws(LabelMeImportError) -> [String: LabelValue] {
        try photograph(from: json).labels
    }

    /// The photograph a LabelMe file describes, its labels checked against the schema.
    public func photograph(from json: Data) throws(LabelMeImportError) -> LabelledPhotograph {
        let document = try Self.decode(json)
        guard document.version != nil else { throw .missingKey("version") }
        guard let shapes = document.shapes else { throw .missingKey("shapes") }
        guard let imagePath = document.imagePath else { throw .missingKey("imagePath") }
        guard let height = document.imageHeight else { throw .missingKey("imageHeight") }
        guard let width = document.imageWidth else { throw .missingKey("imageWidth") }
        guard width > 0, height > 0 else { throw .badImageSize(width: width, height: height) }
        let imageSize = ImageSize(width: width, height: height)

        var labels: [String: LabelValue] = [:]
        func add(_ value: LabelValue, for name: String) throws(LabelMeImportError) {
            guard labels[name] == nil else { throw .duplicateLabel(name) }
            do {
                try schema.validate(value, forField: name, imageSize: imageSize)
            } catch {
                throw .invalidLabel(error)
            }
            labels[name] = value
        }

        for (name, option) in try options(fromFlags: document.flags ?? [:]) { try add(.option(option), for: name) }
        for (index, shape) in shapes.enumerated() {
            let (name, value) = try label(from: shape, at: index)
            try add(value, for: name)
        }
        let ropscreen = document.ropscreen
        for (name, text) in (ropscreen?.notes ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let field = schema.field(named: name) else { throw .unknownLabel(name) }
            guard case .note = field.kind else { throw .wrongShapeType(label: name, shapeType: "note", fieldKind: field.kind.name) }
            try add(.note(text), for: name)
        }
        for (name, mask) in (ropscreen?.masks ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let field = schema.field(named: name) else { throw .unknownLabel(name) }
            guard case .brushMask = field.kind else { throw .wrongShapeType(label: name, shapeType: "mask", fieldKind: field.kind.name) }
            try add(.mask(mask), for: name)
        }
        return LabelledPhotograph(photograph: PhotographID(ropscreen?.photograph ?? imagePath), imagePath: imagePath,
                                  imageSize: imageSize, split: ropscreen?.split, labels: labels,
                                  provenance: ropscreen?.provenance ?? [:], sourceColumns: ropscreen?.sourceColumns ?? [:])
    }

    /// The categorical labels of the flags set true, by field, in field-name order.
    func options(fromFlags flags: [String: Bool]) throws(LabelMeImportError) -> [(String, String)] {
        var chosen: [String: [String]] = [:]
        for (flag, isSet) in flags.sorted(by: { $0.key < $1.key }) {
            guard let separator = flag.firstIndex(of: "="),
                  let field = schema.field(named: String(flag[..<separator])),
                  let options = field.kind.options else { throw .unknownLabel(flag) }
            let option = String(flag[flag.index(after: separator)...])
            guard options.index(of: option) != nil else { throw .optionNotInSchema(field: field.name, option: option) }
            if isSet { chosen[field.name, default: []].append(option) }
        }
        return try chosen.sorted(by: { $0.key < $1.key }).map { (name, options) throws(LabelMeImportError) in
            guard options.count == 1, let option = options.first else { throw .conflictingOptions(field: name, options: options) }
            return (name, option)
        }
    }

    /// One shape's field and value.
    func label(from shape: LabelMeDocument.Shape, at index: Int) throws(LabelMeImportError) -> (String, LabelValue) {
        guard let name = shape.label else { throw .missingKey("shapes[\(index)].label") }
        guard let rawPoints = shape.points else { throw .missingKey("shapes[\(index)].points") }
        guard let shapeType = shape.shapeType else { throw .missingKey("shapes[\(index)].shape_type") }
        guard let field = schema.field(named: name) else { throw .unknownLabel(name) }
        var points: [ImagePoint] = []
        for pair in rawPoints {
            guard pair.count == 2, pair[0].isFinite, pair[1].isFinite else { throw .badPoints(label: name) }
            points.append(ImagePoint(x: pair[0], y: pair[1]))
        }
        switch (field.kind, shapeType) {
        case (.box, "rectangle"):
            guard points.count == 2 else { throw .badPoints(label: name) }
            return (name, .box(BoundingBox(from: points[0], to: points[1])))
        case (.point, "point"):
            guard points.count == 1 else { throw .badPoints(label: name) }
            return (name, .point(points[0]))
        case (.polyline, "linestrip"), (.polyline, "line"):
            guard points.count >= 2, shapeType == "linestrip" || points.count == 2 else { throw .badPoints(label: name) }
            return (name, .polyline(points))
        case (.polyline, "polygon"):
            guard points.count >= 3 else { throw .badPoints(label: name) }
            return (name, .polyline(points + [points[0]]))
        default:
            throw .wrongShapeType(label: name, shapeType: shapeType, fieldKind: field.kind.name)
        }
    }

    static func decode(_ json: Data) throws(LabelMeImportError) -> LabelMeDocument {
        do {
            return try JSONDecoder().decode(LabelMeDocument.self, from: json)
        } catch let error as DecodingError {
            switch error {
            case .dataCorrupted(let context) where context.codingPath.isEmpty: throw .notJSON
            case .typeMismatch(_, let context) where context.codingPath.isEmpty: throw .notJSON
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context),
                 .keyNotFound(_, let context):
                throw .malformedValue(key: keyPath(context.codingPath))
            @unknown default: throw .notJSON
            }
        } catch {
            throw .notJSON
        }
    }

    /// `shapes[2].points` from a coding path.
    static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }
}
