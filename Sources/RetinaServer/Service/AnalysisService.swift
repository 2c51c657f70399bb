import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaDICOM
import RetinaModels
import RetinaMonitoring
import RetinaStore

/// Turns request bytes into a stored report: decode with limits, queue for a
/// batch, run the pipeline, store the answer. Every failure becomes an
/// `APIError` with its code; only an answered analysis is stored.
public final class AnalysisService: Sendable {
    /// The models behind new reports (swapped when the registry's `production` moves).
    public let models: CurrentModels
    public var pipeline: AnalysisPipeline { models.pipeline }
    /// Runs the candidate beside production after each answer; nil when no shadowing is configured.
    public let shadow: ShadowRunner?
    public let store: any AnalysisRepository
    public let configuration: ServerConfiguration
    public let metrics: ServiceMetrics
    /// Sends the results of DICOM analyses to the PACS, when `configuration.pacsURL` names one.
    public let pacs: PACSForwarder?
    /// Receives each answered analysis's input profile; nil when monitoring is off.
    public let monitor: Monitor?
    /// Whether this server is leaving the pool (`/readyz`).
    public let readiness = Readiness()
    let queue: BatchingQueue<Job, AnalysisPipeline.Result>
    let logger: Logger

    struct Job: Sendable {
        var photo: FundusImage
        var options: AnalysisOptions
        var id: String
    }

    /// `stowClient` is how results reach the PACS (HTTP by default; tests pass their own); `monitor`
    /// receives each answered analysis's input profile.
    public convenience init(pipeline: AnalysisPipeline, store: any AnalysisRepository, configuration: ServerConfiguration, logger: Logger,
                            stowClient: STOWClient = .http, monitor: Monitor? = nil) {
        self.init(models: CurrentModels(pipeline.models), store: store, configuration: configuration, logger: logger, stowClient: stowClient,
                  monitor: monitor)
    }

    /// A service over `models`, which a `ProductionWatcher` may swap; `shadow` runs the candidate beside them.
    public init(models: CurrentModels, store: any AnalysisRepository, configuration: ServerConfiguration, logger: Logger,
                stowClient: STOWClient = .http, monitor: Monitor? = nil, shadow: ShadowRunner? = nil) {
        self.models = models
        self.shadow = shadow
        self.monitor = monitor
        self.store = store
        self.configuration = configuration
        self.logger = logger
        pacs = configuration.pacsURL.map {
            PACSForwarder(url: $0, client: stowClient, attempts: configuration.pacsAttempts, retryDelay: configuration.pacsRetryDelay,
                          patientIdentifierSystem: configuration.patientIdentifierSystem, logger: logger)
        }
        let metrics = ServiceMetrics(modelVersions: models.bundled.versions)
        self.metrics = metrics
        queue = BatchingQueue(capacity: configuration.queueCapacity, maximumBatch: configuration.maximumBatchSize,
                              wait: configuration.batchWait, workers: configuration.workers) { jobs in
            models.pipeline.analyze(batch: jobs.map(\.photo), options: jobs.map(\.options), ids: jobs.map(\.id))
        }
        queue.onBatch = { metrics.batch(size: $0) }
    }

    /// The report for a parsed request, stored before it is returned. For a
    /// DICOM object, the report of its first frame (see `analyzeDICOM`).
    public func analyze(_ request: AnalysisRequest) async throws(APIError) -> Report {
        if request.container == .dicom { return try await analyzeDICOM(request).reports[0] }
        let photo = try decodePhotograph(request.image)
        let result = try await run(photo, options: options(for: request))
        try await save(result.report, image: request.image, identifiers: nil)
        record(result, of: photo, site: request.site)
        shadow?.offer(photo, report: result.report)
        return result.report
    }

    func options(for request: AnalysisRequest) -> AnalysisOptions {
        var options = AnalysisOptions(tasks: request.tasks ?? AnalysisTask.defaultTasks, explain: request.explain)
        options.includeImages = true
        options.vesselFieldDiameter = configuration.vesselFieldDiameter
        return options
    }

    /// Decodes JPEG, PNG, TIFF, BMP or WebP bytes within the configured limits.
    func decodePhotograph(_ bytes: [UInt8]) throws(APIError) -> FundusImage {
        do {
            return try FundusImage.decode(bytes, limits: configuration.decodingLimits)
        } catch let error as ImageDecodingError {
            throw Self.apiError(error)
        } catch {
            throw APIError(.notAnImage, "the body could not be decoded as an image")
        }
    }

    /// One photograph through the batching queue and the pipeline; a photograph
    /// that is not a fundus is `NOT_A_FUNDUS`.
    func run(_ photo: FundusImage, options: AnalysisOptions) async throws(APIError) -> AnalysisPipeline.Result {
        let job = Job(photo: photo, options: options, id: UUID().uuidString.lowercased())
        shadow?.requests.enter()
        defer { shadow?.requests.leave() }
        let result: AnalysisPipeline.Result
        do {
            metrics.queue(depth: queue.depth + 1)
            defer { metrics.queue(depth: queue.depth) }
            result = try await withTimeout(configuration.requestTimeout) { try await self.queue.submit(job) }
        } catch is BatchingQueue<Job, AnalysisPipeline.Result>.Full {
            throw APIError(.overloaded, "the analysis queue is full (\(configuration.queueCapacity)); retry shortly")
        } catch is TimeoutError {
            throw APIError(.timeout, "the analysis took longer than \(configuration.requestTimeout)")
        } catch {
            logger.error("analysis failed", metadata: ["id": .string(job.id), "error": .string("\(error)")])
            throw APIError(.internalError, "the analysis failed")
        }
        let report = result.report
        metrics.analysis(timingsMs: report.timingsMs)
        if report.isNotAFundus {
            let details = try? JSONEncoder().encode(["quality": report.quality])
            throw APIError(.notAFundus, "this is not a fundus photograph", details: details)
        }
        return result
    }

    /// Stores an answered analysis (with its DICOM identifiers, when it has them) and logs it, without any identifier.
    func save(_ report: Report, image: [UInt8], identifiers: DICOMIdentifiers?) async throws(APIError) {
        do {
            if let identifiers {
                try await store.save(report, image: image, identifiers: identifiers, at: Date())
            } else {
                try await store.save(report, image: image)
            }
        } catch {
            logger.error("storing an analysis failed", metadata: ["id": .string(report.id), "error": .string("\(error)")])
            throw APIError(.internalError, "the analysis could not be stored")
        }
        logger.info("analysis", metadata: [
            "id": .string(report.id), "width": .stringConvertible(report.image.width), "height": .stringConvertible(report.image.height),
            "quality": .string(report.quality?.verdict ?? "-"), "ms": .stringConvertible(Int(report.timingsMs["total"] ?? 0)),
            "source": .string(identifiers == nil ? "photograph" : "dicom"),
        ])
    }

    /// One page of the history, newest first, and how many analyses there are in all.
    public func history(limit: Int, offset: Int) async throws -> (analyses: [StoredAnalysis], total: Int) {
        (try await store.recent(limit: limit, offset: offset), try await store.count())
    }

    /// A stored analysis, or `NOT_FOUND`.
    public func storedAnalysis(id: String) async throws -> StoredAnalysis {
        guard let record = try await store.analysis(id: id) else { throw APIError(.notFound, "no analysis '\(id)'") }
        return record
    }

    /// The FHIR R4 DiagnosticReport of a stored analysis, filed under the patient and study of its DICOM identifiers when it has them.
    public func fhirReport(id: String) async throws -> FHIRDiagnosticReport {
        let record = try await storedAnalysis(id: id)
        let figures = ROPScreeningFigures(report: try record.decodedReport(), issued: record.createdAt,
                                          identifiers: try await store.identifiers(ofAnalysis: id),
                                          patientIdentifierSystem: configuration.patientIdentifierSystem)
        return FHIRReportBuilder().containedReport(figures)
    }

    /// The photograph of a stored analysis, or `NOT_FOUND` once retention has removed it.
    public func storedImage(id: String) async throws -> [UInt8] {
        guard let bytes = try await store.image(of: storedAnalysis(id: id)) else {
            throw APIError(.notFound, "the photograph of '\(id)' is no longer kept (retention)")
        }
        return bytes
    }

    static func apiError(_ error: ImageDecodingError) -> APIError {
        switch error {
        case .empty: APIError(.emptyInput, "the image is empty")
        case .notAnImage: APIError(.notAnImage, "the data is not an image this service reads (JPEG, PNG, TIFF, BMP, WebP)")
        case .tooManyPixels(let width, let height, let limit):
            APIError(.imageTooLarge, "the image is \(width)×\(height) pixels; the limit is \(limit) pixels")
        case .truncated, .corrupt: APIError(.corruptImage, error.description)
        }
    }
}
