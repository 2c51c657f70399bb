import Foundation

/// A `multipart/related` body (RFC 2387) as DICOMweb STOW-RS sends instances:
/// `multipart/related; type="application/dicom"; boundary=…`, one Part 10
/// file per part.
public struct DICOMMultipartRelated: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        /// Header names lowercased.
        public var headers: [String: String]
        public var body: Data

        public init(headers: [String: String] = [:], body: Data) {
            self.headers = headers
            self.body = body
        }

        /// The part's media type without parameters, lowercased.
        public var mediaType: String? { headers["content-type"].map(DICOMMultipartRelated.mediaType) }
    }

    public static let dicomMediaType = "application/dicom"

    public var boundary: String
    /// The root media type (`type` parameter).
    public var type: String
    public var parts: [Part]

    /// Parts of `application/dicom`, each with its Content-Type header.
    public init(instances: [Data], boundary: String = "ropscreen-" + UUID().uuidString) {
        self.boundary = boundary
        type = Self.dicomMediaType
        parts = instances.map { Part(headers: ["content-type": Self.dicomMediaType], body: $0) }
    }

    /// The request's Content-Type header value.
    public var contentType: String { "multipart/related; type=\"\(type)\"; boundary=\(boundary)" }

    /// The encoded body.
    public var body: Data {
        var out = Data()
        let crlf = Data("\r\n".utf8)
        for part in parts {
            out += Data("--\(boundary)\r\n".utf8)
            for (name, value) in part.headers.sorted(by: { $0.key < $1.key }) {
                out += Data("\(Self.canonicalHeaderName(name)): \(value)\r\n".utf8)
            }
            out += crlf
            out += part.body
            out += crlf
        }
        out += Data("--\(boundary)--\r\n".utf8)
        return out
    }

    /// The DICOM files in the parts, in order.
    public var instances: [Data] { parts.map(\.body) }

    // MARK: Decoding

    /// Decodes a body. Parts without a Content-Type take the `type` parameter;
    /// a part of a media type not in `acceptedPartTypes` is an error.
    public init(contentType: String, body: Data, acceptedPartTypes: Set<String> = [DICOMMultipartRelated.dicomMediaType],
                maximumParts: Int = 1000) throws {
        let (mediaType, parameters) = Self.parseContentType(contentType)
        guard mediaType == "multipart/related" else { throw DICOMMultipartError.notMultipartRelated }
        guard let boundary = parameters["boundary"], Self.isValidBoundary(boundary) else { throw DICOMMultipartError.invalidBoundary }
        self.boundary = boundary
        type = parameters["type"].map(Self.mediaType) ?? Self.dicomMediaType

        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        let innerDelimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary may come at the very start or after a preamble.
        var position: Int
        if bytes.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = Self.find(innerDelimiter, in: bytes, from: 0) {
            position = found + innerDelimiter.count
        } else {
            throw DICOMMultipartError.missingOpeningBoundary
        }

        var parts: [Part] = []
        while true {
            if bytes.count - position >= 2 && bytes[position] == 0x2D && bytes[position + 1] == 0x2D { break }
            // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
            while position < bytes.count && (bytes[position] == 0x20 || bytes[position] == 0x09) { position += 1 }
            guard bytes.count - position >= 2, bytes[position] == 0x0D, bytes[position + 1] == 0x0A else {
                throw DICOMMultipartError.missingClosingDelimiter
            }
            position += 2
            guard parts.count < maximumParts else { throw DICOMMultipartError.tooManyParts(limit: maximumParts) }
            let index = parts.count
            let headers = try Self.parseHeaders(bytes, position: &position, part: index)
            guard let end = Self.find(innerDelimiter, in: bytes, from: position) else {
                throw DICOMMultipartError.missingClosingDelimiter
            }
            var part = Part(headers: headers, body: Data(bytes[position..<end]))
            if part.headers["content-type"] == nil { part.headers["content-type"] = type }
            let partType = part.mediaType ?? type
            guard acceptedPartTypes.contains(partType) else {
                throw DICOMMultipartError.unexpectedPartType(part: index, contentType: partType)
            }
            parts.append(part)
            position = end + innerDelimiter.count
        }
        guard !parts.isEmpty else { throw DICOMMultipartError.noParts }
        self.parts = parts
    }

    private static func parseHeaders(_ bytes: [UInt8], position: inout Int, part: Int) throws -> [String: String] {
        var headers: [String: String] = [:]
        while true {
            guard let lineEnd = find([0x0D, 0x0A], in: bytes, from: position) else {
                throw DICOMMultipartError.malformedPartHeaders(part: part)
            }
            let line = bytes[position..<lineEnd]
            position = lineEnd + 2
            if line.isEmpty { return headers }
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else {
                throw DICOMMultipartError.malformedPartHeaders(part: part)
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            headers[name] = value
        }
    }

    /// Media type (lowercased) and parameters (names lowercased, quotes removed).
    static func parseContentType(_ value: String) -> (String, [String: String]) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        let mediaType = pieces[0].trimmingCharacters(in: .whitespaces).lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var parameterValue = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameterValue.count >= 2 && parameterValue.hasPrefix("\"") && parameterValue.hasSuffix("\"") {
                parameterValue = String(parameterValue.dropFirst().dropLast())
            }
            parameters[name] = parameterValue
        }
        return (mediaType, parameters)
    }

    static func mediaType(_ value: String) -> String {
        parseContentType(value).0
    }

    /// RFC 2046 5.1.1: 1–70 characters from a restricted set, not ending in a space.
    static func isValidBoundary(_ boundary: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? ")
        return (1...70).contains(boundary.count) && boundary.allSatisfy(allowed.contains) && boundary.last != " "
    }

    private static func canonicalHeaderName(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "-")
    }

    /// The first index of `pattern` in `bytes` at or after `start`.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count - start >= pattern.count else { return nil }
        var i = start
        let last = bytes.count - pattern.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < pattern.count && bytes[i + j] == pattern[j] { j += 1 }
                if j == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }
}
