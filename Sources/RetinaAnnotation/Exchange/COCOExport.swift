import Foundation

/// A project's reference labels as one COCO JSON file (`info`, `licenses`, `images`,
/// `annotations`, `categories`), the drawings as COCO annotations and the image-level
/// labels as attributes of each image.
///
/// Conventions (ICROP3 field names in brackets):
/// - Categories: one per drawing field of the schema (box, point, polyline, brush mask),
///   in schema order, ids from 1, named after the field, supercategory `fundus`.
/// - Images: ids from 1 in the order given; `file_name` the image path. ropscreen adds
///   `photograph` (the project's id), `split` where set, `attributes` (field → option for
///   every categorical label: zone, stage, plus, a_rop, extent_clock_hours, eye,
///   image_quality; and field → text for notes) and `provenance` (field → who agreed, who
///   was overruled, who decided) where the labels carry it.
/// - Annotations: ids from 1 across the file; every one has `bbox` `[x, y, w, h]` (x, y the
///   top-left corner), `area`, `iscrowd` 0 and `segmentation`.
///   - box (disc): `bbox` the box, `area` w × h, segmentation its four corners as a polygon.
///   - point (fovea): a COCO keypoint annotation: the category lists one keypoint named
///     after the field, `keypoints` `[x, y, 2]`, `num_keypoints` 1; `bbox` the 1 × 1 pixel
///     square centred on the point, `area` 1, segmentation that square.
///   - polyline (ridge): segmentation the vertices in order as one polygon (COCO polygons
///     close, so tools that fill them see the line and its closing edge), `bbox` the
///     vertices' bounds and `area` that box's area (a line has none); `polyline` the
///     vertices exactly, as `[[x, y], …]`, for readers that want the open line.
///   - brush mask: uncompressed RLE segmentation (`size` `[h, w]`, column-major counts),
///     `bbox` the set pixels' bounds, `area` the set pixel count.
public struct COCOExport: Sendable {
    /// What the `info` object says. `dateCreated` is given, not read from the clock, so an
    /// export is reproducible.
    public struct Info: Sendable, Hashable {
        public var description: String
        public var version: String
        public var contributor: String
        public var url: String
        public var dateCreated: Date

        public init(description: String, version: String = "1.0", contributor: String = "", url: String = "",
                    dateCreated: Date) {
            self.description = description
            self.version = version
            self.contributor = contributor
            self.url = url
            self.dateCreated = dateCreated
        }
    }

    public let schema: LabelSchema
    public let info: Info

    public init(schema: LabelSchema = .icrop3, info: Info) {
        self.schema = schema
        self.info = info
    }

    /// The COCO JSON of `photographs` (pretty-printed, keys sorted), after checking every
    /// label against the schema and the image paths for duplicates.
    public func json(for photographs: [LabelledPhotograph]) throws(LabelExportError) -> Data {
        try schema.validateForExport(photographs)
        let drawingFields = schema.fields.filter {
            switch $0.kind {
            case .box, .point, .polyline, .brushMask: true
            case .categorical, .note: false
            }
        }
        let categories = drawingFields.enumerated().map { index, field in
            let isPoint = if case .point = field.kind { true } else { false }
            return COCODocument.Category(id: index + 1, name: field.name, supercategory: "fundus",
                                keypoints: isPoint ? [field.name] : nil, skeleton: isPoint ? [] : nil)
        }
        var images: [COCODocument.Image] = []
        var annotations: [COCODocument.Annotation] = []
        for (imageIndex, photograph) in photographs.enumerated() {
            let imageID = imageIndex + 1
            var attributes: [String: String] = [:]
            for field in schema.fields {
                switch photograph.labels[field.name] {
                case .option(let option): attributes[field.name] = option
                case .note(let text): attributes[field.name] = text
                default: break
                }
            }
            images.append(COCODocument.Image(id: imageID, fileName: photograph.imagePath, width: photograph.imageSize.width,
                                    height: photograph.imageSize.height, photograph: photograph.photograph.rawValue,
                                    split: photograph.split, attributes: attributes,
                                    provenance: photograph.provenance.isEmpty ? nil : photograph.provenance))
            for (categoryIndex, field) in drawingFields.enumerated() {
                guard let value = photograph.labels[field.name],
                      var annotation = Self.annotation(for: value) else { continue }
                annotation.id = annotations.count + 1
                annotation.imageID = imageID
                annotation.categoryID = categoryIndex + 1
                annotations.append(annotation)
            }
        }
        let document = COCODocument(info: cocoInfo, images: images, annotations: annotations, categories: categories)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(document)
        } catch {
            throw .encodingFailed(String(describing: error))
        }
    }

    var cocoInfo: COCODocument.Info {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = calendar.timeZone
        return COCODocument.Info(description: info.description, version: info.version,
                        year: calendar.component(.year, from: info.dateCreated), contributor: info.contributor,
                        url: info.url, dateCreated: formatter.string(from: info.dateCreated), schema: schema.name)
    }

    /// One drawing as an annotation, ids left 0 for the caller; nil for image-level values.
    static func annotation(for value: LabelValue) -> COCODocument.Annotation? {
        switch value {
        case .box(let box):
            return COCODocument.Annotation(id: 0, imageID: 0, categoryID: 0, bbox: [box.minX, box.minY, box.width, box.height],
                                  area: box.area, segmentation: .polygons([rectangle(box)]))
        case .point(let point):
            let square = BoundingBox(x: point.x - 0.5, y: point.y - 0.5, width: 1, height: 1)
            return COCODocument.Annotation(id: 0, imageID: 0, categoryID: 0, bbox: [square.minX, square.minY, 1, 1], area: 1,
                                  segmentation: .polygons([rectangle(square)]), keypoints: [point.x, point.y, 2],
                                  numKeypoints: 1)
        case .polyline(let points):
            let xs = points.map(\.x), ys = points.map(\.y)
            guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return nil }
            let bounds = BoundingBox(from: ImagePoint(x: minX, y: minY), to: ImagePoint(x: maxX, y: maxY))
            return COCODocument.Annotation(id: 0, imageID: 0, categoryID: 0, bbox: [minX, minY, bounds.width, bounds.height],
                                  area: bounds.area, segmentation: .polygons([points.flatMap { [$0.x, $0.y] }]),
                                  polyline: points.map { [$0.x, $0.y] })
        case .mask(let mask):
            return maskAnnotation(mask)
        case .option, .note:
            return nil
        }
    }

    static func rectangle(_ box: BoundingBox) -> [Double] {
        [box.minX, box.minY, box.maxX, box.minY, box.maxX, box.maxY, box.minX, box.maxY]
    }

    /// COCO's uncompressed RLE runs down the columns (Fortran order), starting with unset pixels.
    static func maskAnnotation(_ mask: BinaryMask) -> COCODocument.Annotation {
        var counts: [Int] = []
        var current = false, length = 0
        var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
        for x in 0..<mask.width {
            for y in 0..<mask.height {
                let pixel = mask[x, y]
                if pixel {
                    minX = min(minX, x); maxX = max(maxX, x)
                    minY = min(minY, y); maxY = max(maxY, y)
                }
                if pixel == current { length += 1 } else {
                    counts.append(length)
                    current = pixel
                    length = 1
                }
            }
        }
        counts.append(length)
        let bbox: [Double] = minX <= maxX
            ? [Double(minX), Double(minY), Double(maxX - minX + 1), Double(maxY - minY + 1)]
            : [0, 0, 0, 0]
        return COCODocument.Annotation(id: 0, imageID: 0, categoryID: 0, bbox: bbox, area: Double(mask.area),
                              segmentation: .runLength(height: mask.height, width: mask.width, counts: counts))
    }
}
