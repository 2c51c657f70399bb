import Foundation

/// A file of API keys: one key per line, `revoked KEY` for a key that no
/// longer works, `#` for comments.
public enum APIKeyFile {
    public static func read(_ url: URL) throws -> (valid: Set<String>, revoked: Set<String>) {
        try parse(String(contentsOf: url, encoding: .utf8))
    }

    public static func parse(_ text: String) -> (valid: Set<String>, revoked: Set<String>) {
        var valid: Set<String> = []
        var revoked: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            if first == "revoked", words.count == 2 { revoked.insert(words[1]) } else { valid.insert(first) }
        }
        return (valid.subtracting(revoked), revoked)
    }
}
