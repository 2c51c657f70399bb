import Foundation
import Hummingbird
import RetinaModels
import RetinaStore

/// `POST /v1/jobs`, `GET /v1/jobs`, `GET /v1/jobs/{id}` (with progress) and
/// `POST /v1/jobs/{id}/cancel`: long work for `ropscreen worker` to drain.
enum JobRoutes {
    /// The job types a worker of this build runs.
    static let types = ["reanalyse", "profile", "train"]

    static func add(to routes: inout DeclaredRouter, queue: any JobQueue) {
        routes.post("/v1/jobs") { request, context in
            let body = try await AnnotationRoutes.decode(JobRequest.self, from: request, context: context,
                                                         members: Set(JobRequest.CodingKeys.allCases.map(\.rawValue)))
            guard types.contains(body.type) else { throw APIError(.invalidParameter, "unknown job type '\(body.type)' (known: \(types.joined(separator: ", ")))") }
            let payload = try body.payload()
            let job = try await queue.submit(Job(id: UUID().uuidString.lowercased(), type: body.type, payload: payload, priority: body.priority ?? 0,
                                                 maxAttempts: body.maxAttempts ?? 3, idempotencyKey: body.idempotencyKey, atMs: JobWorker.nowMs))
            var response = try Response.encoded(JobView(job))
            response.status = .accepted
            return response
        }
        routes.get("/v1/jobs") { request, _ in
            let limit = try AnalysisRoutes.integerParameter("limit", of: request, default: 50, in: 0 ... 500)
            return try Response.encoded(JobList(jobs: try await queue.jobs(limit: limit).map(JobView.init)))
        }
        routes.get("/v1/jobs/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let job = try await queue.job(id: id) else { throw APIError(.notFound, "no job '\(id)'") }
            return try Response.encoded(JobView(job))
        }
        routes.post("/v1/jobs/{id}/cancel") { _, context in
            let id = try context.parameters.require("id")
            guard let job = try await queue.cancel(jobID: id, atMs: JobWorker.nowMs) else { throw APIError(.notFound, "no job '\(id)'") }
            return try Response.encoded(JobView(job))
        }
    }
}

struct JobRequest: Codable {
    var type: String
    var folder: String?
    var manifest: String?
    var priority: Int?
    var maxAttempts: Int?
    var idempotencyKey: String?
    var tasks: [AnalysisTask]?
    var manifests: [String]?
    var split: String?
    var model: AnalysisTask?
    var recipe: String?
    var data: String?
    var steps: Int?
    var snapshot: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, folder, manifest, priority, maxAttempts, idempotencyKey, tasks, manifests, split, model, recipe, data, steps, snapshot
    }

    /// The range of `priority`, and of `maxAttempts`, as the OpenAPI document gives them.
    static let priorities = -1000 ... 1000
    static let attempts = 1 ... 100

    /// The payload of the job's type as JSON, refused before it is queued when no worker could run it.
    func payload() throws -> String {
        if let priority, !Self.priorities.contains(priority) { throw APIError(.invalidParameter, "priority must be in \(Self.priorities)") }
        if let maxAttempts, !Self.attempts.contains(maxAttempts) { throw APIError(.invalidParameter, "maxAttempts must be in \(Self.attempts)") }
        try ProfileJob.Payload.validate(split: split, model: model)
        if recipe?.isEmpty == true { throw APIError(.invalidParameter, "recipe is empty") }
        try TrainingJob.Payload.validate(snapshot: snapshot)
        let encoder = JSONEncoder()
        if let steps, !TrainingJob.Payload.stepRange.contains(steps) { throw APIError(.invalidParameter, "steps must be in \(TrainingJob.Payload.stepRange)") }
        if type == "train" {
            let training = TrainingJob.Payload(recipe: recipe ?? "", data: data, steps: steps, snapshot: snapshot)
            try training.validate()
            return String(decoding: try encoder.encode(training), as: UTF8.self)
        }
        if type == "profile" {
            let profile = ProfileJob.Payload(manifests: manifests ?? manifest.map { [$0] } ?? [], split: split, model: model)
            try profile.validate()
            return String(decoding: try encoder.encode(profile), as: UTF8.self)
        }
        let reanalysis = ReanalysisJob.Payload(folder: folder, manifest: manifest, tasks: tasks)
        _ = try reanalysis.source
        return String(decoding: try encoder.encode(reanalysis), as: UTF8.self)
    }
}

/// A job as the API shows it (its payload and result as JSON objects).
struct JobView: Codable {
    var id: String
    var type: String
    var status: Job.Status
    var priority: Int
    var attempts: Int
    var maxAttempts: Int
    var workerID: String?
    var progress: Double
    var progressNote: String?
    var lastError: String?
    var result: String?
    var cancelRequested: Bool
    var createdAtMs: Int64
    var updatedAtMs: Int64

    init(_ job: Job) {
        (id, type, status, priority, attempts, maxAttempts) = (job.id, job.type, job.status, job.priority, job.attempts, job.maxAttempts)
        workerID = job.workerID
        (progress, progressNote, lastError, result) = (job.progress, job.progressNote, job.lastError, job.result)
        (cancelRequested, createdAtMs, updatedAtMs) = (job.cancelRequested, job.createdAtMs, job.updatedAtMs)
    }
}

struct JobList: Codable { var jobs: [JobView] }
