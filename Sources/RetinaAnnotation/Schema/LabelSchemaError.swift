/// A label schema that cannot be used: the message names the field at fault.
public enum LabelSchemaError: Error, Hashable, CustomStringConvertible {
    case noFields
    case duplicateField(String)
    case noOptions(field: String)
    case duplicateOption(field: String, option: String)
    /// A field key must be one printable, non-digit character.
    case invalidFieldKey(field: String, key: String)
    case duplicateFieldKey(String)
    /// Every letter is taken: the field needs an explicit key.
    case noFreeFieldKey(field: String)
    case optionKeyCount(field: String, expected: Int, found: Int)
    /// An option key sequence must be one or two printable characters.
    case invalidOptionKey(field: String, key: String)
    /// One option's key sequence equals or begins another's, so typing could not tell them apart.
    case ambiguousOptionKeys(field: String, first: String, second: String)

    public var description: String {
        switch self {
        case .noFields: "the schema has no fields"
        case .duplicateField(let name): "field \(name) appears twice"
        case .noOptions(let field): "categorical field \(field) has no options"
        case .duplicateOption(let field, let option): "field \(field) lists option \(option) twice"
        case .invalidFieldKey(let field, let key): "field \(field): key \"\(key)\" is not one non-digit character"
        case .duplicateFieldKey(let key): "key \"\(key)\" selects more than one field"
        case .noFreeFieldKey(let field): "no free key left for field \(field)"
        case .optionKeyCount(let field, let expected, let found): "field \(field): \(found) option keys for \(expected) options"
        case .invalidOptionKey(let field, let key): "field \(field): option key \"\(key)\" is not one or two characters"
        case .ambiguousOptionKeys(let field, let first, let second):
            "field \(field): option keys \"\(first)\" and \"\(second)\" cannot be told apart"
        }
    }
}
