import Foundation
import Hummingbird
import Logging
import NIOCore
import RetinaAnalysis
import RetinaModels
import RetinaStore

/// The HTTP API of DESIGN.md, the web viewer and the operational endpoints,
/// over an `AnalysisService`.
public enum RetinaApplication {
    public static func router(service: AnalysisService) -> Router<BasicRequestContext> {
        let configuration = service.configuration
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ObservingMiddleware(metrics: service.metrics, logger: service.logger))
        router.add(middleware: APIKeyMiddleware(keys: configuration.apiKeys, revoked: configuration.revokedKeys))

        router.get("/") { _, _ in try resource("index", "html", type: "text/html; charset=utf-8") }
        router.get("/openapi.yaml") { _, _ in try resource("openapi", "yaml", type: "application/yaml") }
        router.get("/healthz") { _, _ in json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            let models = service.pipeline.models.versions
            return json(["status": models.isEmpty ? "not ready" : "ready", "models": models], status: models.isEmpty ? .serviceUnavailable : .ok)
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: service.metrics.exposition())))
        }
        router.get("/v1/models") { _, _ in
            try encoded(ModelList(models: service.pipeline.models.cards.map(ModelList.Entry.init)))
        }
        router.post("/v1/analyses") { request, _ in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: configuration.maximumBodyBytes)
            } catch is NIOTooManyBytesError {
                throw APIError(.imageTooLarge, "the body is larger than \(configuration.maximumBodyBytes) bytes")
            }
            let parsed = try AnalysisRequest.parse(body: Array(buffer: body), contentType: request.headers[.contentType],
                                                   query: Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { $1 })
            let report = try await service.analyze(parsed)
            return try encoded(report)
        }
        router.get("/v1/analyses") { request, _ in
            let limit = try integerParameter("limit", of: request, default: 50, in: 0 ... 500)
            let offset = try integerParameter("offset", of: request, default: 0, in: 0 ... Int.max)
            let records = try service.store.recent(limit: limit, offset: offset)
            return try encoded(AnalysisList(analyses: records.map(AnalysisList.Entry.init), total: try service.store.count()))
        }
        router.get("/v1/analyses/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let record = try service.store.analysis(id: id) else { throw APIError(.notFound, "no analysis '\(id)'") }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: record.report)))
        }
        router.get("/v1/analyses/:id/image") { _, context in
            let id = try context.parameters.require("id")
            guard let record = try service.store.analysis(id: id) else { throw APIError(.notFound, "no analysis '\(id)'") }
            guard record.imageStored, let bytes = try service.store.images.load(record.imageSHA256) else {
                throw APIError(.notFound, "the photograph of '\(id)' is no longer kept (retention)")
            }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return router
    }

    public static func application(service: AnalysisService) -> some ApplicationProtocol {
        Application(router: router(service: service),
                    configuration: .init(address: .hostname(service.configuration.host, port: service.configuration.port), serverName: "ropscreen"),
                    logger: service.logger)
    }

    /// A query parameter that must be an integer in `range` when given, as the OpenAPI document declares it.
    static func integerParameter(_ name: String, of request: Request, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.invalidParameter, "\(name) must be an integer in \(range.lowerBound)…\(range.upperBound == Int.max ? "" : String(range.upperBound)), got '\(text)'")
        }
        return number
    }

    static func resource(_ name: String, _ ext: String, type: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: ext) else {
            throw APIError(.notFound, "\(name).\(ext) is missing from the build")
        }
        return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: url))))
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encoded(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// `GET /v1/models`.
struct ModelList: Encodable {
    struct Entry: Encodable {
        var name: String
        var version: String
        var task: AnalysisTask
        var labels: [String]
        var threshold: Double
        var metrics: [String: [String: Double]]

        init(_ card: ModelCard) {
            (name, version, task, labels, threshold, metrics) = (card.name, card.version, card.task, card.labels, card.threshold, card.metrics)
        }
    }

    var models: [Entry]
}

/// `GET /v1/analyses`: the history, newest first.
struct AnalysisList: Encodable {
    struct Entry: Encodable {
        var id: String
        var createdAt: Date
        var width: Int
        var height: Int
        var quality: String?
        var lesionProbability: Double?
        var ropFinding: String?
        var ropProbability: Double?
        var totalMs: Double
        var imageStored: Bool

        init(_ record: StoredAnalysis) {
            (id, createdAt, width, height) = (record.id, record.createdAt, record.imageWidth, record.imageHeight)
            (quality, lesionProbability, totalMs, imageStored) = (record.quality, record.lesionProbability, record.totalMs, record.imageStored)
            (ropFinding, ropProbability) = (record.ropFinding, record.ropProbability)
        }
    }

    var analyses: [Entry]
    var total: Int
}
