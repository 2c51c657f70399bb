import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaStore

/// Turns request bytes into a stored report: decode with limits, queue for a
/// batch, run the pipeline, store the answer. Every failure becomes an
/// `APIError` with its code; only an answered analysis is stored.
public final class AnalysisService: Sendable {
    public let pipeline: AnalysisPipeline
    public let store: AnalysisStore
    public let configuration: ServerConfiguration
    public let metrics: ServiceMetrics
    let queue: BatchingQueue<Job, AnalysisPipeline.Result>
    let logger: Logger

    struct Job: Sendable {
        var photo: FundusImage
        var options: AnalysisOptions
        var id: String
    }

    public init(pipeline: AnalysisPipeline, store: AnalysisStore, configuration: ServerConfiguration, logger: Logger) {
        self.pipeline = pipeline
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
            try store.save(report, image: request.image)
        } catch {
            logger.error("storing an analysis failed", metadata: ["id": .string(report.id), "error": .string("\(error)")])
            throw APIError(.internalError, "the analysis could not be stored")
        }
        logger.info("analysis", metadata: [
            "id": .string(report.id), "width": .stringConvertible(report.image.width), "height": .stringConvertible(report.image.height),
            "quality": .string(report.quality?.verdict ?? "-"), "ms": .stringConvertible(Int(report.timingsMs["total"] ?? 0)),
        ])
        return report
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

struct TimeoutError: Error {}

/// Runs `body`, throwing `TimeoutError` if it has not finished after `limit`.
/// The caller is answered at the limit; the work itself finishes in the
/// background and its result is dropped.
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
        once.set(continuation)
        Task { once.resume(with: await Result(catching: body)) }
        Task {
            try? await Task.sleep(for: limit)
            once.resume(with: .failure(TimeoutError()))
        }
    }
}

/// A continuation resumed by whichever of several racers comes first.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    func set(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        self.continuation = continuation
    }

    func resume(with result: Result<T, any Error>) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(with: result)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
