import Foundation
import Torch

/// The safetensors checkpoint format (8-byte little-endian header length, a
/// JSON header of name → dtype/shape/offsets, then the raw little-endian data),
/// readable by Python's `safetensors` and PyTorch.
public enum SafeTensors {
    public struct File {
        public var tensors: [String: Tensor]
        /// Tensor names in the order of their data in the file.
        public var order: [String]
        public var metadata: [String: String]
    }

    public struct FormatError: Error, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { "invalid safetensors file: \(message)" }
    }

    /// Headers larger than this are refused before parsing (the reference implementation's limit).
    static let maximumHeaderSize = 100_000_000

    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var payload = Data()
        for (name, tensor) in tensors {
            guard header[name] == nil, name != "__metadata__" else {
                throw FormatError(message: "duplicate or reserved tensor name '\(name)'")
            }
            let bytes = try tensor.bytes()
            header[name] = [
                "dtype": tensor.dtype.safetensorsName,
                "shape": tensor.shape,
                "data_offsets": [payload.count, payload.count + bytes.count],
            ] as [String: Any]
            payload.append(contentsOf: bytes)
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data(capacity: 8 + json.count + payload.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(payload)
        return out
    }

    public static func decode(_ data: Data) throws -> File {
        guard data.count >= 8 else { throw FormatError(message: "\(data.count) bytes is shorter than the 8-byte header length") }
        let headerSize = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerSize <= UInt64(min(maximumHeaderSize, data.count - 8)) else {
            throw FormatError(message: "header length \(headerSize) exceeds the file (\(data.count) bytes)")
        }
        let headerEnd = 8 + Int(headerSize)
        let headerData = data.subdata(in: data.startIndex + 8 ..< data.startIndex + headerEnd)
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw FormatError(message: "header is not a JSON object")
        }
        let payloadSize = data.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(name: String, begin: Int, tensor: Tensor)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw FormatError(message: "__metadata__ is not a string map") }
                metadata = m
                continue
            }
            guard let info = value as? [String: Any],
                  let dtypeName = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int],
                  let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw FormatError(message: "entry '\(name)' lacks dtype, shape or data_offsets") }
            guard let dtype = DType(safetensorsName: dtypeName) else {
                throw FormatError(message: "entry '\(name)' has unsupported dtype \(dtypeName)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard let count = elementCount(shape), begin >= 0, begin <= end, end <= payloadSize else {
                throw FormatError(message: "entry '\(name)' has offsets \(offsets) outside the \(payloadSize)-byte data")
            }
            let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, end - begin == expected else {
                throw FormatError(message: "entry '\(name)' holds \(end - begin) bytes, its shape \(shape) needs \(expected)")
            }
            let start = data.startIndex + headerEnd + begin
            let tensor = try data[start ..< start + expected].withUnsafeBytes {
                try Tensor(bytes: $0, shape: shape, dtype: dtype)
            }
            entries.append((name, begin, tensor))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        return File(
            tensors: Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.tensor) }),
            order: entries.map(\.name), metadata: metadata)
    }

    /// Writes atomically: a crash mid-write never leaves a truncated checkpoint.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to path: String) throws {
        try encode(tensors, metadata: metadata).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public static func read(_ path: String) throws -> File {
        try decode(Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
    }
}
