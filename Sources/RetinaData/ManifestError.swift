/// A manifest that cannot be used, naming the file and the line (1-based, the
/// header is line 1; nil when the file as a whole cannot be read).
public struct ManifestError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        (self.file, self.line, self.message) = (file, line, message)
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
