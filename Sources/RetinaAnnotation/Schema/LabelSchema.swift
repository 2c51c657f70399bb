/// A project's label schema: the fields every annotation of the project may fill.
///
/// Building one checks it (unique names and options, keyboard shortcuts that can be
/// typed unambiguously in at most three keys), so a schema in hand is always usable;
/// decoding checks the same.
public struct LabelSchema: Sendable, Hashable, Codable {
    public let name: String
    public let fields: [LabelField]
    public let keyboardShortcuts: KeyboardShortcuts

    public init(name: String, fields: [LabelField]) throws(LabelSchemaError) {
        guard !fields.isEmpty else { throw .noFields }
        var names: Set<String> = []
        for field in fields {
            guard names.insert(field.name).inserted else { throw .duplicateField(field.name) }
            if let options = field.kind.options {
                guard !options.values.isEmpty else { throw .noOptions(field: field.name) }
                var seen: Set<String> = []
                for option in options.values where !seen.insert(option).inserted {
                    throw .duplicateOption(field: field.name, option: option)
                }
            }
        }
        self.name = name
        self.fields = fields
        self.keyboardShortcuts = try KeyboardShortcuts(fields: fields)
    }

    /// A schema whose checks a test has already run (see `KeyboardShortcuts.init(explicitlyKeyed:)`).
    init(builtIn name: String, fields: [LabelField]) {
        self.name = name
        self.fields = fields
        self.keyboardShortcuts = KeyboardShortcuts(explicitlyKeyed: fields)
    }

    public func field(named name: String) -> LabelField? { fields.first { $0.name == name } }

    /// The categorical fields, in schema order.
    public var classificationFields: [LabelField] { fields.filter(\.isCategorical) }

    private enum CodingKeys: String, CodingKey { case name, fields }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(name: try container.decode(String.self, forKey: .name),
                      fields: try container.decode([LabelField].self, forKey: .fields))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(fields, forKey: .fields)
    }
}
