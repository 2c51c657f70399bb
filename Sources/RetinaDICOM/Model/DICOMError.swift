/// Why a DICOM object could not be read, decoded or written. Each case is a
/// condition a client can act on; `code` is stable for API error bodies.
///
/// Descriptions name tags, sizes and offsets, never attribute values, so an
/// error can be logged without leaking patient data.
public enum DICOMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// No "DICM" after the 128-byte preamble: not a DICOM Part 10 file.
    case notDICOM
    /// The data ends inside an element header or value.
    case truncated(offset: Int)
    /// An element declares a value longer than the bytes left.
    case elementLengthExceedsData(tag: DICOMTag, length: Int, remaining: Int)
    /// Sequences nested deeper than `DICOMLimits.maximumSequenceDepth`.
    case nestingTooDeep(limit: Int)
    /// More elements than `DICOMLimits.maximumElementCount`, or a file larger than allowed.
    case tooLarge(limit: Int)
    /// The file meta information has no Transfer Syntax UID.
    case missingTransferSyntax
    /// A transfer syntax this reader does not decode (big endian, unknown UIDs).
    case unsupportedTransferSyntax(uid: String)
    /// A media directory (DICOMDIR), not an image.
    case directoryNotImage
    /// The object has no Pixel Data (7FE0,0010).
    case missingPixelData
    /// A required attribute is absent or unreadable.
    case missingAttribute(tag: DICOMTag)
    /// One frame declares more samples than `DICOMLimits.maximumSamplesPerFrame`; nothing was allocated.
    case frameTooLarge(rows: Int, columns: Int, samplesPerPixel: Int, limit: Int)
    /// More frames (or decoded bytes) than the limits allow.
    case tooManyFrames(count: Int, limit: Int)
    /// A pixel layout this reader does not convert (palette colour, 32-bit samples…).
    case unsupportedPixelFormat(reason: String)
    /// The native pixel data is shorter than rows × columns × samples × frames needs.
    case pixelDataTooShort(expected: Int, actual: Int)
    /// An element, item or fragment that breaks the encoding rules.
    case malformed(tag: DICOMTag?, reason: String)
    /// The deflated data set could not be inflated.
    case malformedDeflateData(reason: String)
    /// The writer was given something it cannot encode.
    case cannotWrite(reason: String)

    /// A short stable identifier of the case, for API error bodies.
    public var code: String {
        switch self {
        case .empty: "empty"
        case .notDICOM: "notDICOM"
        case .truncated: "truncated"
        case .elementLengthExceedsData: "elementLengthExceedsData"
        case .nestingTooDeep: "nestingTooDeep"
        case .tooLarge: "tooLarge"
        case .missingTransferSyntax: "missingTransferSyntax"
        case .unsupportedTransferSyntax: "unsupportedTransferSyntax"
        case .directoryNotImage: "directoryNotImage"
        case .missingPixelData: "missingPixelData"
        case .missingAttribute: "missingAttribute"
        case .frameTooLarge: "frameTooLarge"
        case .tooManyFrames: "tooManyFrames"
        case .unsupportedPixelFormat: "unsupportedPixelFormat"
        case .pixelDataTooShort: "pixelDataTooShort"
        case .malformed: "malformed"
        case .malformedDeflateData: "malformedDeflateData"
        case .cannotWrite: "cannotWrite"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the DICOM data is empty (0 bytes)"
        case .notDICOM: "the data is not a DICOM Part 10 file (no \"DICM\" after the 128-byte preamble)"
        case .truncated(let offset): "the DICOM data ends early at byte \(offset) (truncated file)"
        case .elementLengthExceedsData(let tag, let length, let remaining):
            "element \(tag) declares \(length) bytes but only \(remaining) remain"
        case .nestingTooDeep(let limit): "sequences are nested deeper than \(limit) levels"
        case .tooLarge(let limit): "the DICOM data exceeds the limit of \(limit)"
        case .missingTransferSyntax: "the file meta information has no Transfer Syntax UID (0002,0010)"
        case .unsupportedTransferSyntax(let uid): "transfer syntax \(uid) is not supported"
        case .directoryNotImage: "the file is a DICOMDIR (media directory), not an image"
        case .missingPixelData: "the DICOM object has no Pixel Data (7FE0,0010)"
        case .missingAttribute(let tag): "required attribute \(tag) is missing or unreadable"
        case .frameTooLarge(let rows, let columns, let samples, let limit):
            "a frame of \(rows) × \(columns) × \(samples) samples exceeds the limit of \(limit)"
        case .tooManyFrames(let count, let limit): "\(count) frames exceed the limit of \(limit)"
        case .unsupportedPixelFormat(let reason): "unsupported pixel format: \(reason)"
        case .pixelDataTooShort(let expected, let actual):
            "the pixel data holds \(actual) bytes, \(expected) are needed"
        case .malformed(let tag, let reason):
            tag.map { "element \($0) is malformed: \(reason)" } ?? "malformed DICOM data: \(reason)"
        case .malformedDeflateData(let reason): "the deflated data set is corrupt: \(reason)"
        case .cannotWrite(let reason): "cannot write the DICOM object: \(reason)"
        }
    }
}
