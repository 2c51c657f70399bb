import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaMonitoring
import RetinaStore

/// Turns request bytes into a stored report: decode with limits, queue for a
/// batch, run the pipeline, store the answer. Every failure becomes an
/// `APIError` with its code; only an answered analysis is stored.
public final class AnalysisService: Sendable {
    public let pipeline: AnalysisPipeline
    public let store: any AnalysisRepository
    public let configuration: ServerConfiguration
    public let metrics: ServiceMetrics
    /// Receives each answered analysis's input profile; nil when monitoring is off.
    public let monitor: Monitor?
    let queue: BatchingQueue<Job, AnalysisPipeline.Result>
    let logger: Logger

    struct Job: Sendable {
        var photo: FundusImage
        var options: AnalysisOptions
        var id: String
    }

    public init(pipeline: AnalysisPipeline, store: any AnalysisRepository, configuration: ServerConfiguration, logger: Logger,
                monitor: Monitor? = nil) {
        self.pipeline = pipeline
        self.monitor = monitor
        self.store = store
        self.configuration = configuration
        self.logger = logger
        let metrics = ServiceMetrics(modelVersions: pipeline.models.versions)
        self.metrics = metrics
        queue = BatchingQueue(capacity: configuration.queueCapacity, maximumBatch: configuration.maximumBatchSize,
                              wait: configuration.batchWait, workers: configuration.workers) { jobs in
            pipeline.analyze(batch: jobs.map(\.photo), options: jobs.map(\.options), ids: jobs.map(\.id))
        }
        queue.onBatch = { metrics.batch(size: $0) }
    }

    /// The report for a parsed request, stored before it is returned.
    public func analyze(_ request: AnalysisRequest) async throws(APIError) -> Report {
        let photo: FundusImage
        do {
            photo = try FundusImage.decode(request.image, limits: configuration.decodingLimits)
        } catch let error as ImageDecodingError {
            throw Self.apiError(error)
        } catch {
            throw APIError(.notAnImage, "the body could not be decoded as an image")
        }
        var options = AnalysisOptions(tasks: request.tasks ?? AnalysisTask.defaultTasks, explain: request.explain)
        options.includeImages = true
        options.vesselFieldDiameter = configuration.vesselFieldDiameter
        let job = Job(photo: photo, options: options, id: UUID().uuidString.lowercased())
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
        do {
            try await store.save(report, image: request.image)
        } catch {
            logger.error("storing an analysis failed", metadata: ["id": .string(report.id), "error": .string("\(error)")])
            throw APIError(.internalError, "the analysis could not be stored")
        }
        record(result, of: photo, site: request.site)
        logger.info("analysis", metadata: [
            "id": .string(report.id), "width": .stringConvertible(report.image.width), "height": .stringConvertible(report.image.height),
            "quality": .string(report.quality?.verdict ?? "-"), "ms": .stringConvertible(Int(report.timingsMs["total"] ?? 0)),
        ])
        return report
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
