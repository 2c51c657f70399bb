import Foundation
import RetinaModels

/// Candidate ROP models made from the bundled one without training: the same weights under a
/// new version (a sound candidate), and the weights with the two classes' rows of the head
/// swapped, so that p(ROP) becomes 1 − p: the model that training on flipped labels aims at.
enum CandidateBundles {
    static let bundledROP = ModelBundle.bundledRoot().appendingPathComponent("rop")

    static func copy(version: String, into root: URL) throws -> URL {
        try write(version: version, weights: [UInt8](Data(contentsOf: bundledROP.appendingPathComponent(ModelCard.weightsFileName))), into: root)
    }

    static func flipped(version: String, into root: URL) throws -> URL {
        var bytes = [UInt8](try Data(contentsOf: bundledROP.appendingPathComponent(ModelCard.weightsFileName)))
        let headerLength = Int(bytes[0 ..< 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8 ..< 8 + headerLength])) as? [String: Any] ?? [:]
        func swapRows(_ name: String) throws {
            guard let entry = header[name] as? [String: Any], let offsets = entry["data_offsets"] as? [Int], let shape = entry["shape"] as? [Int],
                  shape.first == 2 else { throw CocoaError(.fileReadCorruptFile) }
            let (start, end) = (8 + headerLength + offsets[0], 8 + headerLength + offsets[1])
            let row = (end - start) / 2
            let (first, second) = (Array(bytes[start ..< start + row]), Array(bytes[start + row ..< end]))
            bytes.replaceSubrange(start ..< start + row, with: second)
            bytes.replaceSubrange(start + row ..< end, with: first)
        }
        try swapRows("head.weight")
        try swapRows("head.bias")
        return try write(version: version, weights: bytes, into: root)
    }

    static func write(version: String, weights: [UInt8], into root: URL) throws -> URL {
        var card = try ModelCard.read(from: bundledROP)
        card.version = version
        let directory = root.appendingPathComponent("rop-\(version)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(weights).write(to: directory.appendingPathComponent(ModelCard.weightsFileName))
        try card.write(to: directory)
        return directory
    }
}
