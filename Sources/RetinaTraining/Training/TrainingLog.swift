import Foundation

/// A training run's `log.jsonl`: one JSON object per line, appended as the run goes, which
/// the plots and a resumed run read back. JSON has no NaN or infinity: a metric with nothing
/// to measure is logged as null.
struct TrainingLog {
    let url: URL

    func append(_ entry: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: Self.jsonSafe(entry), options: [.sortedKeys])
        line.append(0x0A)
        if let handle = try? FileHandle(forWritingTo: url) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        } else {
            try line.write(to: url)
        }
    }

    static func jsonSafe(_ value: Any) -> Any {
        switch value {
        case let d as Double: d.isFinite ? d : NSNull()
        case let dictionary as [String: Any]: dictionary.mapValues(jsonSafe)
        default: value
        }
    }
}
