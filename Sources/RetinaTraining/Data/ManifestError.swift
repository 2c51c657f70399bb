/// A manifest that cannot be used, naming the file and the line (1-based, the header is line 1).
public struct ManifestError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public var description: String { "\(file):\(line): \(message)" }
}
