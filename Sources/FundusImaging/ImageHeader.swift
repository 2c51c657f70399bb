/// Image container formats that ropscreen accepts.
public enum ImageFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case jpeg, png, tiff, bmp, webp
    /// JPEG-LS (ISO 14495-1), which DICOM carries for lossless photographs; decoded by CharLS.
    case jpegLS = "jpeg-ls"
    /// A JPEG 2000 codestream (ISO 15444-1, as DICOM carries it); decoded by OpenJPEG through OpenCV.
    case jpeg2000 = "jpeg2000"

    public var description: String { rawValue.uppercased() }
    public var mediaType: String {
        switch self {
        case .jpegLS: "image/jls"
        case .jpeg2000: "image/j2k"
        default: "image/\(rawValue)"
        }
    }
}

/// Format and declared size, read from the first bytes without decoding, so
/// that a 100000×100000 "image" is refused before any memory is allocated.
public struct ImageHeader: Sendable, Equatable {
    public let format: ImageFormat
    public let width: Int
    public let height: Int

    /// Nil format when the signature is unknown; throws `.truncated`/`.corrupt`
    /// when the signature is known but the size cannot be read.
    public static func read(_ bytes: [UInt8]) throws(ImageDecodingError) -> ImageHeader? {
        guard var format = sniff(bytes) else { return nil }
        let reader = ByteReader(bytes: bytes)
        let size: (Int, Int)?
        switch format {
        case .png: size = reader.png()
        case .jpeg, .jpegLS:
            let frame = reader.jpeg()
            size = frame.map { ($0.width, $0.height) }
            if frame?.lossless == true { format = .jpegLS }
        case .jpeg2000: size = reader.jpeg2000()
        case .bmp: size = reader.bmp()
        case .tiff: size = reader.tiff()
        case .webp: size = reader.webp()
        }
        guard let (w, h) = size else { throw .truncated(format: format) }
        guard w > 0, h > 0 else { throw .corrupt(format: format, reason: "declared size \(w)×\(h)") }
        return ImageHeader(format: format, width: w, height: h)
    }

    /// The format from the file signature alone.
    public static func sniff(_ b: [UInt8]) -> ImageFormat? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + prefix.count && Array(b[offset ..< offset + prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }  // or JPEG-LS, told apart by its frame header
        if starts([0xFF, 0x4F, 0xFF, 0x51]) { return .jpeg2000 }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts([0x42, 0x4D]) && b.count >= 14 { return .bmp }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }
}

/// Bounds-checked reads of header fields; every accessor returns nil past the end.
private struct ByteReader {
    let bytes: [UInt8]

    func u8(_ i: Int) -> Int? { i >= 0 && i < bytes.count ? Int(bytes[i]) : nil }
    func be16(_ i: Int) -> Int? { guard let a = u8(i), let b = u8(i + 1) else { return nil }; return a << 8 | b }
    func le16(_ i: Int) -> Int? { guard let a = u8(i), let b = u8(i + 1) else { return nil }; return b << 8 | a }
    func be32(_ i: Int) -> Int? { guard let a = be16(i), let b = be16(i + 2) else { return nil }; return a << 16 | b }
    func le32(_ i: Int) -> Int? { guard let a = le16(i), let b = le16(i + 2) else { return nil }; return b << 16 | a }
    func le24(_ i: Int) -> Int? { guard let a = le16(i), let b = u8(i + 2) else { return nil }; return b << 16 | a }

    func png() -> (Int, Int)? {
        // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
        guard be32(12) == 0x4948_4452, let w = be32(16), let h = be32(20) else { return nil }
        return (w, h)
    }

    /// The frame size, and whether the frame header is JPEG-LS's (SOF55, FF F7).
    func jpeg() -> (width: Int, height: Int, lossless: Bool)? {
        var i = 2
        while i < bytes.count {
            guard u8(i) == 0xFF, let marker = u8(i + 1) else { return nil }
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            guard let length = be16(i + 2), length >= 2 else { return nil }
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            // SOF55 (F7) is JPEG-LS's, with the same layout.
            if ((0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)) || marker == 0xF7 {
                guard let h = be16(i + 5), let w = be16(i + 7) else { return nil }
                return (w, h, marker == 0xF7)
            }
            if marker == 0xDA || marker == 0xD9 { return nil }  // scan data before any frame header
            i += 2 + length
        }
        return nil
    }

    /// The image area of the SIZ segment that follows SOC: Xsiz − XOsiz by Ysiz − YOsiz.
    func jpeg2000() -> (Int, Int)? {
        guard be16(2) == 0xFF51, let xs = be32(8), let ys = be32(12), let xo = be32(16), let yo = be32(20), xs > xo, ys > yo else {
            return nil
        }
        return (xs - xo, ys - yo)
    }

    func bmp() -> (Int, Int)? {
        guard let headerSize = le32(14) else { return nil }
        if headerSize == 12 {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
            guard let w = le16(18), let h = le16(20) else { return nil }
            return (w, h)
        }
        guard let w = le32(18), let rawH = le32(22) else { return nil }
        let h = rawH >= 0x8000_0000 ? 0x1_0000_0000 - rawH : rawH  // negative height = top-down
        return (w >= 0x8000_0000 ? 0 : w, h)
    }

    func tiff() -> (Int, Int)? {
        let little = u8(0) == 0x49
        let r16 = { little ? le16($0) : be16($0) }
        let r32 = { little ? le32($0) : be32($0) }
        guard let ifd = r32(4), let count = r16(ifd) else { return nil }
        var width: Int?
        var height: Int?
        for entry in 0 ..< count {
            let at = ifd + 2 + entry * 12
            guard let tag = r16(at), let type = r16(at + 2) else { return nil }
            let value = type == 3 ? r16(at + 8) : r32(at + 8)
            if tag == 256 { width = value }
            if tag == 257 { height = value }
        }
        guard let width, let height else { return nil }
        return (width, height)
    }

    func webp() -> (Int, Int)? {
        guard let chunk = u8(12).flatMap({ a in u8(15).map { (a, $0) } }) else { return nil }
        switch (chunk.0, chunk.1) {
        case (0x56, 0x20):  // "VP8 ": lossy, 14-bit sizes after the frame tag and start code
            guard let w = le16(26), let h = le16(28) else { return nil }
            return (w & 0x3FFF, h & 0x3FFF)
        case (0x56, 0x4C):  // "VP8L": lossless, 14-bit sizes minus one, bit-packed
            guard u8(20) == 0x2F, let b = le32(21) else { return nil }
            return ((b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1)
        case (0x56, 0x58):  // "VP8X": extended, 24-bit sizes minus one
            guard let w = le24(24), let h = le24(27) else { return nil }
            return (w + 1, h + 1)
        default:
            return nil
        }
    }
}
