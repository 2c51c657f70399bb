import Foundation
import FundusImaging
import Hummingbird
import HummingbirdTesting
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaServer
import RetinaStore
import Testing

/// A service over the bundled models and a fresh store in a temporary folder,
/// and a client that checks every response against the OpenAPI document.
struct ServerFixture {
    let service: AnalysisService
    let annotation: AnnotationService
    let store: SQLiteStore
    let directory: URL
    let contract: OpenAPIContract

    static let models = try! AnalysisModels.bundled()

    /// `stowClient` stands in for the PACS when the configuration names one; `logger` replaces the silent one;
    /// `now` is the labelling service's clock.
    init(stowClient: STOWClient = .http, logger: Logger? = nil, configure: (inout ServerConfiguration) -> Void = { _ in },
         now: @escaping @Sendable () -> Date = Date.init) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID())")
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.passwordHashCost = 4
        configure(&configuration)
        var silent = Logger(label: "test")
        silent.logLevel = .critical
        let logger = logger ?? silent
        store = try SQLiteStore(directory: directory)
        let pipeline = AnalysisPipeline(models: Self.models)
        let monitor = try configuration.monitoring.map { [store] in try Monitor(watching: Self.models, root: ModelBundle.bundledRoot(), store: store, settings: $0) }
        service = AnalysisService(pipeline: pipeline, store: store, configuration: configuration, logger: logger, stowClient: stowClient, monitor: monitor)
        annotation = AnnotationService(repository: store, pipeline: pipeline, configuration: configuration, logger: logger, analyses: service, now: now)
        contract = try OpenAPIContract()
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `body` with a test client of the app.
    func withClient(_ body: @escaping @Sendable (CheckedClient) async throws -> Void) async throws {
        let app = Application(router: RetinaApplication.router(service: service, annotation: annotation, jobs: store))
        let contract = contract
        try await app.test(.router) { client in try await body(CheckedClient(client: client, contract: contract)) }
    }

    /// A generated fundus photograph as JPEG.
    static func fundusJPEG(size: Int = 384, seed: UInt64 = 1) throws -> [UInt8] {
        try SyntheticFundus(size: size, seed: seed).draw().image.jpegData(quality: 92)
    }
}

/// A response: status, body, and the error code when there is one.
struct CheckedResponse: Sendable {
    let status: Int
    let body: Data
    let contentType: String?
    var headers: HTTPFields = [:]

    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
}

/// A test client that records a contract violation for every response that breaks openapi.yaml.
struct CheckedClient: Sendable {
    let client: any TestClientProtocol
    let contract: OpenAPIContract

    @discardableResult
    func request(_ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: [UInt8]? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> CheckedResponse {
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        let checked = CheckedResponse(status: Int(response.status.code), body: Data(buffer: response.body),
                                      contentType: response.headers[.contentType], headers: response.headers)
        let problems = contract.problems(path: path, method: method.rawValue, status: checked.status, body: checked.body, contentType: checked.contentType)
        #expect(problems.isEmpty, "\(method.rawValue) \(path) → \(checked.status): \(problems)", sourceLocation: sourceLocation)
        return checked
    }

    func analyse(_ body: [UInt8], contentType: String = "image/jpeg", query: String = "", headers: HTTPFields = [:],
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> CheckedResponse {
        var fields = headers
        fields[.contentType] = contentType
        return try await request("/v1/analyses" + query, method: .post, headers: fields, body: body, sourceLocation: sourceLocation)
    }
}

extension OpenAPIContract: @unchecked Sendable {}
