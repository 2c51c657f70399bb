import RetinaDICOM

extension APIError {
    /// The answer to a DICOM object that could not be read. The message is the
    /// error's description, which names tags and sizes, never attribute values.
    init(_ error: DICOMError) {
        let code: Code = switch error {
        case .empty: .emptyInput
        case .unsupportedTransferSyntax: .unsupportedTransferSyntax
        case .unsupportedPixelFormat: .unsupportedPixelFormat
        case .missingPixelData: .missingPixelData
        case .directoryNotImage: .dicomNotAnImage
        case .tooLarge, .frameTooLarge, .tooManyFrames: .imageTooLarge
        case .notDICOM, .missingTransferSyntax, .truncated, .elementLengthExceedsData, .nestingTooDeep, .missingAttribute, .pixelDataTooShort, .malformed,
             .malformedDeflateData: .invalidDICOM
        case .cannotWrite: .internalError
        }
        self.init(code, error.description)
    }
}
