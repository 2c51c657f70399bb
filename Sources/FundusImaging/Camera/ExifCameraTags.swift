import Foundation

/// The camera's make and model from a JPEG's EXIF block (IFD0 tags 0x010F and
/// 0x0110). The reader is bounded at every step: a missing, truncated or
/// hostile EXIF block gives nil, never a crash, and the strings it returns are
/// printable ASCII of at most 64 characters.
public struct ExifCameraTags: Codable, Sendable, Equatable {
    public var make: String?
    public var model: String?

    public init(make: String?, model: String?) {
        self.make = make
        self.model = model
    }

    /// The tags of a JPEG file, or nil when it has none (or is not a JPEG).
    public static func read(_ bytes: [UInt8]) -> ExifCameraTags? {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var offset = 2
        // Markers up to the start of scan: APP1 with "Exif\0\0" holds the TIFF block.
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            if marker == 0xDA || marker == 0xD9 { return nil }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= bytes.count else { return nil }
            let body = offset + 4
            if marker == 0xE1, length >= 8, Array(bytes[body ..< body + 6]) == Array("Exif\0\0".utf8) {
                return tiff(Array(bytes[body + 6 ..< offset + 2 + length]))
            }
            offset += 2 + length
        }
        return nil
    }

    /// Reads IFD0 of a TIFF block.
    static func tiff(_ t: [UInt8]) -> ExifCameraTags? {
        guard t.count >= 8 else { return nil }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= t.count else { return nil }
            return little ? Int(t[at]) | Int(t[at + 1]) << 8 : Int(t[at]) << 8 | Int(t[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd), count <= 512 else { return nil }
        var tags = ExifCameraTags(make: nil, model: nil)
        for index in 0 ..< count {
            let entry = ifd + 2 + 12 * index
            guard let tag = u16(entry), let type = u16(entry + 2), let length = u32(entry + 4) else { break }
            guard type == 2, tag == 0x010F || tag == 0x0110, length > 0, length <= 4096 else { continue }
            // ASCII values of up to 4 bytes sit in the entry itself, longer ones at an offset.
            guard let start = length <= 4 ? entry + 8 : u32(entry + 8), start + length <= t.count else { continue }
            let text = printable(t[start ..< start + length])
            if tag == 0x010F { tags.make = text } else { tags.model = text }
        }
        return tags.make == nil && tags.model == nil ? nil : tags
    }

    /// Printable ASCII only, trimmed, at most 64 characters; nil when nothing is left.
    static func printable(_ raw: ArraySlice<UInt8>) -> String? {
        let kept = raw.prefix { $0 != 0 }.filter { $0 >= 0x20 && $0 < 0x7F }.prefix(64)
        let text = String(decoding: kept, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}
