/// Why a `multipart/related` body (DICOMweb STOW-RS) could not be read.
public enum DICOMMultipartError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The Content-Type is not `multipart/related`.
    case notMultipartRelated
    /// The Content-Type has no usable `boundary` parameter (absent, empty, over 70 characters or bad characters).
    case invalidBoundary
    /// The body never contains the opening `--boundary` line.
    case missingOpeningBoundary
    /// The body ends without the closing `--boundary--` delimiter.
    case missingClosingDelimiter
    /// A part's header block is unterminated or has a line without a colon.
    case malformedPartHeaders(part: Int)
    /// A part has a media type other than the accepted ones.
    case unexpectedPartType(part: Int, contentType: String)
    /// The body holds no parts at all.
    case noParts
    /// More parts than the decoder's limit.
    case tooManyParts(limit: Int)

    public var code: String {
        switch self {
        case .notMultipartRelated: "notMultipartRelated"
        case .invalidBoundary: "invalidBoundary"
        case .missingOpeningBoundary: "missingOpeningBoundary"
        case .missingClosingDelimiter: "missingClosingDelimiter"
        case .malformedPartHeaders: "malformedPartHeaders"
        case .unexpectedPartType: "unexpectedPartType"
        case .noParts: "noParts"
        case .tooManyParts: "tooManyParts"
        }
    }

    public var description: String {
        switch self {
        case .notMultipartRelated: "the request is not multipart/related"
        case .invalidBoundary: "the multipart/related Content-Type has no valid boundary parameter"
        case .missingOpeningBoundary: "the multipart body does not start with its boundary"
        case .missingClosingDelimiter: "the multipart body ends without its closing boundary (truncated)"
        case .malformedPartHeaders(let part): "the headers of part \(part + 1) are malformed"
        case .unexpectedPartType(let part, let type): "part \(part + 1) is \(type), not an accepted type"
        case .noParts: "the multipart body contains no parts"
        case .tooManyParts(let limit): "the multipart body has more than \(limit) parts"
        }
    }
}
