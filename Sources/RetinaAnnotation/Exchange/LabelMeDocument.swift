/// A LabelMe 5.x annotation file as it lies on disk (`labelme/label_file.py`): the keys
/// LabelMe reads, plus `ropscreen`, the object of what LabelMe has no place for. LabelMe
/// keeps unknown top-level keys (`otherData`) when it opens and saves a file, so editing
/// the photograph in LabelMe leaves that object intact.
struct LabelMeDocument: Codable {
    var version: String?
    var flags: [String: Bool]?
    var shapes: [Shape]?
    var imagePath: String?
    /// Base64 image bytes where LabelMe embedded them; exports write null.
    var imageData: String?
    var imageHeight: Int?
    var imageWidth: Int?
    var ropscreen: RopscreenData?

    private enum CodingKeys: String, CodingKey {
        case version, flags, shapes, imagePath, imageData, imageHeight, imageWidth, ropscreen
    }

    init(version: String, flags: [String: Bool], shapes: [Shape], imagePath: String, imageSize: ImageSize,
         ropscreen: RopscreenData?) {
        self.version = version
        self.flags = flags
        self.shapes = shapes
        self.imagePath = imagePath
        self.imageData = nil
        self.imageHeight = imageSize.height
        self.imageWidth = imageSize.width
        self.ropscreen = ropscreen
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        flags = try container.decodeIfPresent([String: Bool].self, forKey: .flags)
        shapes = try container.decodeIfPresent([Shape].self, forKey: .shapes)
        imagePath = try container.decodeIfPresent(String.self, forKey: .imagePath)
        imageData = try container.decodeIfPresent(String.self, forKey: .imageData)
        imageHeight = try container.decodeIfPresent(Int.self, forKey: .imageHeight)
        imageWidth = try container.decodeIfPresent(Int.self, forKey: .imageWidth)
        ropscreen = try container.decodeIfPresent(RopscreenData.self, forKey: .ropscreen)
    }

    /// Writes `imageData: null` as LabelMe does.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encodeIfPresent(flags, forKey: .flags)
        try container.encodeIfPresent(shapes, forKey: .shapes)
        try container.encodeIfPresent(imagePath, forKey: .imagePath)
        if let imageData { try container.encode(imageData, forKey: .imageData) } else { try container.encodeNil(forKey: .imageData) }
        try container.encodeIfPresent(imageHeight, forKey: .imageHeight)
        try container.encodeIfPresent(imageWidth, forKey: .imageWidth)
        try container.encodeIfPresent(ropscreen, forKey: .ropscreen)
    }
}

extension LabelMeDocument {
    /// One LabelMe shape: `label`, `points` (`[[x, y], …]`), `shape_type`, `group_id`,
    /// `description`, `flags`, `mask`.
    struct Shape: Codable {
        var label: String?
        var points: [[Double]]?
        var shapeType: String?
        var groupID: Int?
        var description: String?
        var flags: [String: Bool]?

        private enum CodingKeys: String, CodingKey {
            case label, points, shapeType = "shape_type", groupID = "group_id", description, flags, mask
        }

        init(label: String, points: [ImagePoint], shapeType: String) {
            self.label = label
            self.points = points.map { [$0.x, $0.y] }
            self.shapeType = shapeType
            self.groupID = nil
            self.description = ""
            self.flags = [:]
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            label = try container.decodeIfPresent(String.self, forKey: .label)
            points = try container.decodeIfPresent([[Double]].self, forKey: .points)
            shapeType = try container.decodeIfPresent(String.self, forKey: .shapeType)
            groupID = try container.decodeIfPresent(Int.self, forKey: .groupID)
            description = try container.decodeIfPresent(String.self, forKey: .description)
            flags = try container.decodeIfPresent([String: Bool].self, forKey: .flags)
        }

        /// Writes `group_id` and `mask` as null, as LabelMe 5.x does.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(label, forKey: .label)
            try container.encodeIfPresent(points, forKey: .points)
            try container.encodeIfPresent(shapeType, forKey: .shapeType)
            if let groupID { try container.encode(groupID, forKey: .groupID) } else { try container.encodeNil(forKey: .groupID) }
            try container.encodeIfPresent(description, forKey: .description)
            try container.encodeIfPresent(flags, forKey: .flags)
            try container.encodeNil(forKey: .mask)
        }
    }

    /// The `ropscreen` object of a LabelMe file: what LabelMe has no place for, so that a round
    /// trip loses nothing. Every key is optional; empty ones are left out.
    struct RopscreenData: Codable {
        /// The schema the labels follow.
        var schema: String?
        /// The project's photograph id, where it is not the image path.
        var photograph: String?
        var split: String?
        /// Note fields by name, their text exactly.
        var notes: [String: String]?
        /// Brush-mask fields by name, run-length coded as `BinaryMask` encodes itself.
        var masks: [String: BinaryMask]?
        var provenance: [String: ReferenceValue]?
        var sourceColumns: [String: String]?
    }
}
