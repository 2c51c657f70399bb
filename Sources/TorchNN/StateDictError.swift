/// Why a set of weights does not fit a model; each case names the key.
public enum StateDictError: Error, Equatable, CustomStringConvertible {
    case missingKey(String)
    case unexpectedKey(String)
    case shapeMismatch(key: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingKey(let key): "checkpoint has no tensor for '\(key)'"
        case .unexpectedKey(let key): "checkpoint tensor '\(key)' is not used by the model"
        case .shapeMismatch(let key, let expected, let found):
            "checkpoint tensor '\(key)' has shape \(found), the model expects \(expected)"
        }
    }
}
