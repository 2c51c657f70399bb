/// One label of a schema: its name (the key of `Annotation.labels`), what it holds, and
/// the key that selects it on the annotation page.
public struct LabelField: Sendable, Hashable, Codable {
    public let name: String
    public let kind: LabelFieldKind
    /// A single character; nil lets the schema derive one from the name.
    public let key: String?

    public init(_ name: String, _ kind: LabelFieldKind, key: String? = nil) {
        self.name = name
        self.kind = kind
        self.key = key
    }

    public static func categorical(_ name: String, _ values: [String], ordinal: Bool, key: String? = nil,
                                   optionKeys: [String]? = nil) -> LabelField {
        LabelField(name, .categorical(LabelOptions(values, ordinal: ordinal, keys: optionKeys)), key: key)
    }

    public var isCategorical: Bool { kind.options != nil }

    // Flat JSON: {"name", "kind", "key"?, "options"?, "ordinal"?, "optionKeys"?}.
    private enum CodingKeys: String, CodingKey { case name, kind, key, options, ordinal, optionKeys }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        key = try container.decodeIfPresent(String.self, forKey: .key)
        let kindName = try container.decode(String.self, forKey: .kind)
        switch kindName {
        case "categorical":
            kind = .categorical(LabelOptions(try container.decode([String].self, forKey: .options),
                                             ordinal: try container.decodeIfPresent(Bool.self, forKey: .ordinal) ?? false,
                                             keys: try container.decodeIfPresent([String].self, forKey: .optionKeys)))
        case "box": kind = .box
        case "point": kind = .point
        case "polyline": kind = .polyline
        case "brushMask": kind = .brushMask
        case "note": kind = .note
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown label kind \(kindName)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind.name, forKey: .kind)
        try container.encodeIfPresent(key, forKey: .key)
        if let options = kind.options {
            try container.encode(options.values, forKey: .options)
            try container.encode(options.isOrdinal, forKey: .ordinal)
            try container.encodeIfPresent(options.keys, forKey: .optionKeys)
        }
    }
}
