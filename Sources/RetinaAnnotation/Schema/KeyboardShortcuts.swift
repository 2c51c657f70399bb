/// The keys of the annotation page, derived from a schema.
///
/// The scheme: a classification label is the field's key followed by the option's key
/// sequence, so every label takes at most three key presses (for ICROP3: `z2` is zone II,
/// `s3` stage 3, `h05` five clock hours).
///
/// - Field keys are single non-digit characters. A field without an explicit key gets the
///   first letter of its name not yet taken, else the first free letter a–z.
/// - Option keys are one or two characters and prefix-free within the field. Without
///   explicit keys: when every option is a whole number (stage 0–5, clock hours 0–12) the key
///   is the number itself, zero-padded to two digits when any reaches 10; otherwise options
///   are numbered 1…9 then 0 for a tenth, and 01, 02, … when there are more than ten.
///
/// Drawing and note fields get a field key too (it selects the tool) but no options.
public struct KeyboardShortcuts: Sendable, Hashable {
    /// Field name → the key that selects it.
    public let fieldKeys: [String: String]
    /// Field name → option value → the keys typed after the field key.
    public let optionKeys: [String: [String: String]]

    /// What a run of typed keys selects so far.
    public enum Match: Sendable, Hashable {
        /// A complete classification label.
        case label(field: String, option: String)
        /// A field key alone (a drawing tool or the start of a label), or a field key and
        /// the first key of a two-key option.
        case incomplete(field: String)
        /// Keys that no shortcut begins with.
        case unknown
    }

    /// The full key sequence that enters `option` for `field`.
    public func sequence(field: String, option: String) -> String? {
        guard let fieldKey = fieldKeys[field], let optionKey = optionKeys[field]?[option] else { return nil }
        return fieldKey + optionKey
    }

    /// The longest sequence any classification label needs (at most 3 by construction).
    public var longestSequence: Int {
        optionKeys.flatMap { field, options in options.keys.compactMap { sequence(field: field, option: $0)?.count } }.max() ?? 0
    }

    public func match(_ typed: String) -> Match {
        guard let first = typed.first,
              let field = fieldKeys.first(where: { $0.value == String(first) })?.key else { return .unknown }
        let rest = String(typed.dropFirst())
        if rest.isEmpty { return .incomplete(field: field) }
        for (option, keys) in optionKeys[field] ?? [:] {
            if keys == rest { return .label(field: field, option: option) }
            if keys.hasPrefix(rest) { return .incomplete(field: field) }
        }
        return .unknown
    }

    init(fields: [LabelField]) throws(LabelSchemaError) {
        var fieldKeys: [String: String] = [:]
        var taken: Set<String> = []
        for field in fields {
            guard let key = field.key else { continue }
            guard key.count == 1, let character = key.first, !character.isNumber, !character.isWhitespace else {
                throw .invalidFieldKey(field: field.name, key: key)
            }
            guard taken.insert(key).inserted else { throw .duplicateFieldKey(key) }
            fieldKeys[field.name] = key
        }
        let alphabet = "abcdefghijklmnopqrstuvwxyz".map(String.init)
        for field in fields where field.key == nil {
            let fromName = field.name.lowercased().map(String.init).filter(alphabet.contains)
            guard let key = (fromName + alphabet).first(where: { !taken.contains($0) }) else {
                throw .noFreeFieldKey(field: field.name)
            }
            taken.insert(key)
            fieldKeys[field.name] = key
        }

        var optionKeys: [String: [String: String]] = [:]
        for field in fields {
            guard let options = field.kind.options else { continue }
            let keys = options.keys ?? Self.defaultOptionKeys(options.values)
            guard keys.count == options.values.count else {
                throw .optionKeyCount(field: field.name, expected: options.values.count, found: keys.count)
            }
            for key in keys where !(1...2).contains(key.count) || key.contains(where: \.isWhitespace) {
                throw .invalidOptionKey(field: field.name, key: key)
            }
            for (i, first) in keys.enumerated() {
                for second in keys[(i + 1)...] where first.hasPrefix(second) || second.hasPrefix(first) {
                    throw .ambiguousOptionKeys(field: field.name, first: first, second: second)
                }
            }
            optionKeys[field.name] = Dictionary(uniqueKeysWithValues: zip(options.values, keys))
        }
        self.fieldKeys = fieldKeys
        self.optionKeys = optionKeys
    }

    /// The shortcuts of fields that all carry explicit field keys, known to be valid (the
    /// built-in schemas; a test builds each through the checking initialiser too).
    init(explicitlyKeyed fields: [LabelField]) {
        fieldKeys = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.key ?? "") })
        optionKeys = Dictionary(uniqueKeysWithValues: fields.compactMap { field in
            field.kind.options.map { (field.name, Dictionary(uniqueKeysWithValues: zip($0.values, $0.keys ?? Self.defaultOptionKeys($0.values)))) }
        })
    }

    static func defaultOptionKeys(_ values: [String]) -> [String] {
        let numbers = values.compactMap { Int($0) }.filter { $0 >= 0 }
        if numbers.count == values.count, Set(numbers).count == numbers.count, let largest = numbers.max(), largest < 100 {
            return numbers.map { largest >= 10 && $0 < 10 ? "0\($0)" : "\($0)" }
        }
        if values.count <= 10 { return values.indices.map { "\(($0 + 1) % 10)" } }
        return values.indices.map { $0 + 1 < 10 ? "0\($0 + 1)" : "\($0 + 1)" }
    }
}
