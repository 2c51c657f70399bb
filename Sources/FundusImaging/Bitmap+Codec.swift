import CVision

/// Limits applied before any pixel is decoded.
public struct DecodingLimits: Sendable, Equatable {
    /// Largest accepted width × height.
    public var maximumPixels: Int

    public init(maximumPixels: Int = 50_000_000) { self.maximumPixels = maximumPixels }
}

extension Bitmap {
    /// Decodes JPEG, PNG, TIFF, BMP or WebP bytes (and DICOM's JPEG-LS and JPEG 2000 codestreams)
    /// to RGB (`channels` 3) or grey (1).
    ///
    /// The header is read first: unknown signatures, declared sizes over
    /// `limits`, and headers cut short are refused without decoding. A JPEG
    /// whose entropy-coded data has no end marker is reported as truncated
    /// (libjpeg would otherwise return it grey-filled as if it were whole).
    public static func decode(_ bytes: [UInt8], channels: Int = 3, limits: DecodingLimits = DecodingLimits()) throws -> Bitmap {
        guard !bytes.isEmpty else { throw ImageDecodingError.empty }
        guard let header = try ImageHeader.read(bytes) else { throw ImageDecodingError.notAnImage }
        guard header.width <= limits.maximumPixels / header.height else {
            throw ImageDecodingError.tooManyPixels(width: header.width, height: header.height, limit: limits.maximumPixels)
        }
        if header.format == .jpeg && !jpegHasEndOfImage(bytes) {
            throw ImageDecodingError.truncated(format: .jpeg)
        }
        var output = cv_image()
        let status = bytes.withUnsafeBufferPointer { buffer in
            header.format == .jpegLS
                ? cv_decode_jpegls(buffer.baseAddress, buffer.count, Int32(channels), Int64(limits.maximumPixels), &output)
                : cv_decode(buffer.baseAddress, buffer.count, Int32(channels), &output)
        }
        guard status == 0 else {
            // libpng and libtiff report a cut-off file as a read error: tell those apart by a trailing end chunk.
            if header.format == .png && !pngHasEndChunk(bytes) { throw ImageDecodingError.truncated(format: .png) }
            throw ImageDecodingError.corrupt(format: header.format, reason: String(cString: cv_last_error()))
        }
        let image = try Bitmap(adopting: &output)
        guard image.width == header.width, image.height == header.height else {
            throw ImageDecodingError.corrupt(format: header.format, reason: "decoded \(image.size), header says \(header.width)×\(header.height)")
        }
        return image
    }

    /// PNG bytes (lossless).
    public func pngData() throws -> [UInt8] { try encoded(extension: ".png", quality: 0) }

    /// JPEG bytes at `quality` (0–100).
    public func jpegData(quality: Int = 95) throws -> [UInt8] { try encoded(extension: ".jpg", quality: quality) }

    /// Bytes in the format OpenCV names by `extension` (".tiff", ".bmp", ".webp", …).
    public func encoded(extension ext: String, quality: Int = 95) throws -> [UInt8] {
        try withVisionImage { input in
            var data: UnsafeMutablePointer<UInt8>?
            var length = 0
            guard cv_encode(input, ext, Int32(quality), &data, &length) == 0, let data else { throw VisionError.last() }
            defer { cv_bytes_free(data) }
            return Array(UnsafeBufferPointer(start: data, count: length))
        }
    }

    /// Whether an EOI marker (FF D9) follows the first start-of-scan. Inside
    /// entropy-coded data FF is always followed by 00 or a restart marker, so an
    /// FF D9 there can only be the real end.
    static func jpegHasEndOfImage(_ b: [UInt8]) -> Bool {
        var i = 2
        var sawScan = false
        while i + 1 < b.count {
            if b[i] == 0xFF && b[i + 1] == 0xD9 && sawScan { return true }
            if !sawScan, b[i] == 0xFF, b[i + 1] != 0xFF, b[i + 1] != 0x00 {
                let marker = b[i + 1]
                if marker == 0xDA { sawScan = true }
                if marker == 0xD8 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                guard i + 3 < b.count else { return false }
                i += 2 + (Int(b[i + 2]) << 8 | Int(b[i + 3]))
                continue
            }
            i += 1
        }
        return false
    }

    static func pngHasEndChunk(_ b: [UInt8]) -> Bool {
        b.count >= 12 && Array(b[(b.count - 8) ..< (b.count - 4)]) == Array("IEND".utf8)
    }
}
