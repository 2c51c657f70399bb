import Foundation
import RetinaAnalysis
import RetinaModels

/// What a `POST /v1/analyses` asks for, from any of its four forms: JSON with
/// a base64 image, a raw `image/*` body, a multipart upload, or a DICOM Part 10
/// object (`application/dicom`).
public struct AnalysisRequest: Sendable {
    /// The photograph's bytes, or the whole DICOM object's when `container` is `.dicom`.
    public var image: [UInt8]
    public var container: Container = .photograph
    /// Nil: every analysis.
    public var tasks: Set<AnalysisTask>?
    public var explain: Bool
    /// The site or client that sent it (a hash of its API key, see `ClientIdentity`), for monitoring.
    public var site: String?

    public enum Container: Sendable {
        /// A JPEG, PNG, TIFF, BMP or WebP file.
        case photograph
        /// A DICOM Part 10 file: every frame is analysed, its identifiers kept apart.
        case dicom
    }

    static let imageTypes = ["image/jpeg", "image/png", "image/tiff", "image/bmp", "image/webp"]
    static let dicomType = "application/dicom"

    /// Parses a request body. `query` carries `tasks` and `explain` for raw and multipart bodies.
    public static func parse(body: [UInt8], contentType: String?, query: [String: String]) throws(APIError) -> AnalysisRequest {
        guard !body.isEmpty else { throw APIError(.emptyInput, "the request has no body: send a photograph") }
        let mediaType = (contentType ?? "application/json").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var request: AnalysisRequest
        switch mediaType {
        case "application/json":
            request = try json(body)
        case _ where imageTypes.contains(mediaType):
            request = AnalysisRequest(image: body, tasks: nil, explain: false)
        case dicomType:
            request = AnalysisRequest(image: body, container: .dicom, tasks: nil, explain: false)
        case "multipart/form-data":
            guard let boundary = MultipartForm.boundary(of: contentType ?? ""), let form = MultipartForm(body: body, boundary: boundary) else {
                throw APIError(.invalidJSON, "the multipart body is malformed (boundary missing or parts not delimited)")
            }
            guard let file = form.parts.first(where: { $0.name == "image" }) ?? form.parts.first(where: { $0.fileName != nil }) else {
                throw APIError(.emptyInput, "the form has no 'image' part")
            }
            request = AnalysisRequest(image: file.body, tasks: nil, explain: false)
            if let tasks = form.parts.first(where: { $0.name == "tasks" }) {
                request.tasks = try parseTasks(String(decoding: tasks.body, as: UTF8.self).split(separator: ",").map(String.init))
            }
        default:
            throw APIError(.unsupportedMediaType,
                           "content type '\(mediaType)' is not accepted: send application/json, multipart/form-data, \(dicomType) or one of \(imageTypes.joined(separator: ", "))")
        }
        if let tasks = query["tasks"] { request.tasks = try parseTasks(tasks.split(separator: ",").map(String.init)) }
        if let explain = query["explain"] {
            guard let value = Bool(explain) else { throw APIError(.invalidParameter, "explain is true or false, got '\(explain)'") }
            request.explain = value
        }
        guard !request.image.isEmpty else { throw APIError(.emptyInput, "the image is empty") }
        return request
    }

    static func parseTasks(_ names: [String]) throws(APIError) -> Set<AnalysisTask> {
        do { return try AnalysisTask.parse(names) } catch { throw APIError(.unknownTask, error.description) }
    }

    static func json(_ body: [UInt8]) throws(APIError) -> AnalysisRequest {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(body)) } catch {
            throw APIError(.invalidJSON, "the body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw APIError(.invalidJSON, "the body must be a JSON object with an \"image\" field") }
        guard let value = fields["image"] else { throw APIError(.emptyInput, "the JSON has no \"image\" field") }
        guard var text = value as? String else { throw APIError(.invalidBase64, "\"image\" must be a base64 string") }
        if text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]) }
        text.removeAll { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t" }
        guard !text.isEmpty else { throw APIError(.emptyInput, "\"image\" is empty") }
        guard let data = Data(base64Encoded: text) ?? Data(base64Encoded: Self.padded(text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/"))) else {
            throw APIError(.invalidBase64, "\"image\" is not valid base64")
        }
        var request = AnalysisRequest(image: [UInt8](data), tasks: nil, explain: fields["explain"] as? Bool ?? false)
        if let tasks = fields["tasks"] {
            guard let names = tasks as? [String] else { throw APIError(.invalidJSON, "\"tasks\" must be an array of strings") }
            request.tasks = try parseTasks(names)
        }
        return request
    }

    /// Base64 without its `=` padding (as URL-safe encoders often send it), padded.
    static func padded(_ text: String) -> String {
        let remainder = text.count % 4
        return remainder == 0 ? text : text + String(repeating: "=", count: 4 - remainder)
    }
}
