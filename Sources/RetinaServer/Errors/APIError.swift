import Foundation
import Hummingbird

/// An error answer of the API: `{"error": {"code": …, "message": …}}` with a
/// fixed code and its HTTP status. The codes are the contract (see openapi.yaml).
public struct APIError: Error, HTTPResponseError, Equatable {
    public enum Code: String, CaseIterable, Sendable {
        case emptyInput = "EMPTY_INPUT"
        case invalidBase64 = "INVALID_BASE64"
        case invalidJSON = "INVALID_JSON"
        case notAnImage = "NOT_AN_IMAGE"
        case corruptImage = "CORRUPT_IMAGE"
        case imageTooLarge = "IMAGE_TOO_LARGE"
        case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
        case notAFundus = "NOT_A_FUNDUS"
        case invalidDICOM = "INVALID_DICOM"
        case unsupportedTransferSyntax = "UNSUPPORTED_TRANSFER_SYNTAX"
        case unsupportedPixelFormat = "UNSUPPORTED_PIXEL_FORMAT"
        case missingPixelData = "MISSING_PIXEL_DATA"
        case dicomNotAnImage = "DICOM_NOT_AN_IMAGE"
        case invalidMultipart = "INVALID_MULTIPART"
        case unknownTask = "UNKNOWN_TASK"
        case invalidParameter = "INVALID_PARAMETER"
        case overloaded = "OVERLOADED"
        case timeout = "TIMEOUT"
        case unauthorized = "UNAUTHORIZED"
        case forbidden = "FORBIDDEN"
        case notFound = "NOT_FOUND"
        case methodNotAllowed = "METHOD_NOT_ALLOWED"
        case conflict = "CONFLICT"
        case invalidLabel = "INVALID_LABEL"
        case tooManyAttempts = "TOO_MANY_ATTEMPTS"
        case internalError = "INTERNAL_ERROR"

        public var status: HTTPResponse.Status {
            switch self {
            case .emptyInput, .invalidBase64, .invalidJSON, .invalidMultipart, .unknownTask, .invalidParameter: .badRequest
            case .notAnImage, .corruptImage, .notAFundus, .invalidDICOM, .unsupportedTransferSyntax, .unsupportedPixelFormat,
                 .missingPixelData, .dicomNotAnImage: .unprocessableContent
            case .imageTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .overloaded: .serviceUnavailable
            case .timeout: .gatewayTimeout
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .conflict: .conflict
            case .invalidLabel: .unprocessableContent
            case .tooManyAttempts: .tooManyRequests
            case .internalError: .internalServerError
            }
        }
    }

    public let code: Code
    public let message: String
    /// Extra JSON for the body (the quality verdict of `NOT_A_FUNDUS`).
    public let details: Data?
    /// The methods the path has (`Allow` of `METHOD_NOT_ALLOWED`).
    public let allow: String?

    public init(_ code: Code, _ message: String, details: Data? = nil, allow: String? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.allow = allow
    }

    public var status: HTTPResponse.Status { code.status }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [String: Any] = ["code": code.rawValue, "message": message]
        if let details, let object = try? JSONSerialization.jsonObject(with: details) { error["details"] = object }
        let body = try JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys])
        var headers: HTTPFields = [.contentType: "application/json"]
        if code == .overloaded { headers[.retryAfter] = "1" }
        if code == .tooManyAttempts { headers[.retryAfter] = "900" }
        if code == .unauthorized, !request.uri.path.hasPrefix("/v1/annotation") { headers[.wwwAuthenticate] = "ApiKey" }
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
