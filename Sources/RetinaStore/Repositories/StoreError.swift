/// A store operation that cannot be done as asked: what the caller sees.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The thing to change does not exist.
    case notFound(String)
    /// The store cannot be opened as configured.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) does not exist"
        case .invalidConfiguration(let why): why
        }
    }
}
