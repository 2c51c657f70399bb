/// A registry operation refused: what the caller sees (no weights or labels in the text).
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    /// A version with this task and version number is already registered (versions never change).
    case versionExists(String)
    case unknownVersion(String)
    /// The version belongs to another task than the alias named.
    case wrongTask(version: String, task: String)
    /// The weights on disk or given do not have the registered hash.
    case weightsMismatch(String)
    /// Content given under a hash it does not have.
    case contentMismatch(String)
    /// Nothing to roll back to: production was never promoted over an earlier version.
    case nothingToRollBack(task: String)

    public var description: String {
        switch self {
        case .versionExists(let id): "model version \(id) is already registered; register a new version number"
        case .unknownVersion(let id): "no model version \(id)"
        case .wrongTask(let version, let task): "model version \(version) is not a \(task) model"
        case .weightsMismatch(let id): "the weights of \(id) do not match their registered hash"
        case .contentMismatch(let what): "the content of \(what) does not match its hash"
        case .nothingToRollBack(let task): "production of \(task) has no earlier version to roll back to"
        }
    }
}
