import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): each with its field
/// name, file name, content type and bytes.
struct MultipartForm {
    struct Part {
        var name: String?
        var fileName: String?
        var contentType: String?
        var body: [UInt8]
    }

    var parts: [Part]

    /// The boundary parameter of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Nil when the body is not a well-formed form with that boundary.
    init?(body: [UInt8], boundary: String) {
        guard !boundary.isEmpty else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var from = 0
        while let found = Self.find(delimiter, in: body, from: from) {
            positions.append(found)
            from = found + delimiter.count
        }
        guard positions.count >= 2 else { return nil }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var contentStart = start + delimiter.count
            // Skip the line break after the delimiter.
            if contentStart + 1 < body.count, body[contentStart] == 13, body[contentStart + 1] == 10 { contentStart += 2 }
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: contentStart), headerEnd < end else { return nil }
            var contentEnd = end
            if contentEnd >= 2, body[contentEnd - 2] == 13, body[contentEnd - 1] == 10 { contentEnd -= 2 }
            guard contentEnd >= headerEnd + 4 else { return nil }
            let headers = String(decoding: body[contentStart ..< headerEnd], as: UTF8.self)
            var part = Part(body: Array(body[(headerEnd + 4) ..< contentEnd]))
            for line in headers.components(separatedBy: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "content-type": part.contentType = pair[1]
                case "content-disposition":
                    for item in pair[1].split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                        let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
                        guard kv.count == 2 else { continue }
                        let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        if kv[0] == "name" { part.name = value }
                        if kv[0] == "filename" { part.fileName = value }
                    }
                default: break
                }
            }
            parts.append(part)
        }
        self.parts = parts
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var i = from
        let first = needle[0]
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
