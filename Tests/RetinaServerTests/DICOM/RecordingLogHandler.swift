import Logging
import Synchronization

/// A log handler that keeps every line (message and metadata) it is given, for
/// tests that check what the server writes to its log.
struct RecordingLogHandler: LogHandler {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    let recorded: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).merging(metadata) { new, _ in new }.map { "\($0.key)=\($0.value)" }.sorted()
        recorded.lines.withLock { $0.append("\(event.level) \(event.message) \(fields.joined(separator: " "))") }
    }

    /// A logger at trace level whose lines land in `recorded`.
    static func logger(_ recorded: Lines) -> Logger {
        Logger(label: "recorded") { _ in RecordingLogHandler(recorded: recorded) }
    }
}
