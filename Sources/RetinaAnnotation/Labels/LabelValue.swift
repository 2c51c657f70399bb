/// One label's value, of the kind its schema field names.
public enum LabelValue: Sendable, Hashable {
    /// A categorical option, by its value in the schema.
    case option(String)
    case box(BoundingBox)
    case point(ImagePoint)
    case polyline([ImagePoint])
    case mask(BinaryMask)
    case note(String)

    /// The name of the field kind this value fills (as `LabelFieldKind.name`).
    public var kindName: String {
        switch self {
        case .option: "categorical"
        case .box: "box"
        case .point: "point"
        case .polyline: "polyline"
        case .mask: "brushMask"
        case .note: "note"
        }
    }

    public var option: String? { if case .option(let value) = self { value } else { nil } }
    public var point: ImagePoint? { if case .point(let value) = self { value } else { nil } }
    public var box: BoundingBox? { if case .box(let value) = self { value } else { nil } }
    public var polyline: [ImagePoint]? { if case .polyline(let value) = self { value } else { nil } }
    public var mask: BinaryMask? { if case .mask(let value) = self { value } else { nil } }
}

/// JSON with one key naming the kind: `{"option": "II"}`, `{"point": {"x": 1, "y": 2}}`.
extension LabelValue: Codable {
    private enum CodingKeys: String, CodingKey { case option, box, point, polyline, mask, note }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a label value has exactly one kind key"))
        }
        switch key {
        case .option: self = .option(try container.decode(String.self, forKey: key))
        case .box: self = .box(try container.decode(BoundingBox.self, forKey: key))
        case .point: self = .point(try container.decode(ImagePoint.self, forKey: key))
        case .polyline: self = .polyline(try container.decode([ImagePoint].self, forKey: key))
        case .mask: self = .mask(try container.decode(BinaryMask.self, forKey: key))
        case .note: self = .note(try container.decode(String.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .option(let value): try container.encode(value, forKey: .option)
        case .box(let value): try container.encode(value, forKey: .box)
        case .point(let value): try container.encode(value, forKey: .point)
        case .polyline(let value): try container.encode(value, forKey: .polyline)
        case .mask(let value): try container.encode(value, forKey: .mask)
        case .note(let value): try container.encode(value, forKey: .note)
        }
    }
}
