import Crypto
import Foundation

/// Photographs on disk by content hash (`images/ab/abcdef….bin`): the same
/// photograph sent twice is stored once, and a file is only ever complete,
/// because it is written beside its final name and renamed into place.
public struct ImageStore: Sendable {
    public let directory: URL

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The SHA-256 of `bytes`, lowercase hex.
    public static func hash(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }

    public func url(for hash: String) -> URL {
        directory.appendingPathComponent(String(hash.prefix(2))).appendingPathComponent("\(hash).bin")
    }

    /// Stores `bytes` under their hash (a no-op when already there); true when this call wrote the file.
    @discardableResult
    public func store(_ bytes: [UInt8]) throws -> Bool {
        let hash = Self.hash(bytes)
        let target = url(for: hash)
        if FileManager.default.fileExists(atPath: target.path) { return false }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(hash).\(UUID().uuidString).partial")
        try Data(bytes).write(to: temporary)
        do {
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            // Another request stored the same photograph first: that is the same content.
            if !FileManager.default.fileExists(atPath: target.path) { throw error }
            return false
        }
        return true
    }

    public func load(_ hash: String) throws -> [UInt8]? {
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else { return nil }
        return FileManager.default.contents(atPath: url(for: hash).path).map { [UInt8]($0) }
    }

    public func remove(_ hash: String) throws {
        let target = url(for: hash)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
    }

    /// Removes files left half-written by a crash (`.partial`).
    public func removeLeftovers() throws {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in walker where url.lastPathComponent.hasSuffix(".partial") {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
