/// Why a byte buffer could not become an image. Each case is a distinct,
/// client-visible condition (the server maps them to its error codes).
public enum ImageDecodingError: Error, Equatable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// The bytes start with no signature of a supported format.
    case notAnImage
    /// The header declares more pixels than the configured limit; nothing was decoded.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// A known format whose data ends early (a cut-off upload).
    case truncated(format: ImageFormat)
    /// A known format that the decoder rejected (corrupt header or data).
    case corrupt(format: ImageFormat, reason: String)

    public var description: String {
        switch self {
        case .empty: "the image is empty (0 bytes)"
        case .notAnImage: "the data is not a JPEG, PNG, TIFF, BMP or WebP image"
        case .tooManyPixels(let w, let h, let limit):
            "the image declares \(w)×\(h) = \(w * h) pixels, more than the limit of \(limit)"
        case .truncated(let format): "the \(format) data ends early (truncated file)"
        case .corrupt(let format, let reason): "the \(format) data is corrupt: \(reason)"
        }
    }
}
