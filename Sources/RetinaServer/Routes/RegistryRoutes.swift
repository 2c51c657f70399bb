import Foundation
import Hummingbird
import RetinaModels
import RetinaStore

/// The model registry under `/v1/registry`: signed in by the labelling platform's session,
/// state-changing calls by admins only and with the session's CSRF token.
enum RegistryRoutes {
    static func add(to routes: inout DeclaredRouter, service: RegistryService, annotation: AnnotationService) {
        @Sendable func user(_ request: Request) async throws -> SignedInUser {
            try await annotation.signedInUser(cookieToken: SessionCookie.token(in: request.headers),
                                              csrfHeader: request.headers.first { $0.name.canonicalName == "x-csrf-token" }?.value,
                                              changesState: ![.get, .head].contains(request.method))
        }
        @Sendable func taskParameter(_ context: BasicRequestContext) throws -> AnalysisTask {
            let name = try context.parameters.require("task")
            guard let task = AnalysisTask(rawValue: name) else { throw APIError(.unknownTask, "no task '\(name)'") }
            return task
        }

        routes.get("/v1/registry") { request, _ in
            try Response.encoded(try await translated { try await service.overview(for: try await user(request)) })
        }
        routes.get("/v1/registry/snapshots") { request, _ in
            _ = try await user(request)
            return try Response.encoded(SnapshotList(snapshots: try await service.registry.snapshots()))
        }
        routes.post("/v1/registry/snapshots") { request, context in
            let admin = try await user(request)
            let body = try await AnnotationRoutes.decode(SnapshotRequest.self, from: request, context: context)
            var response = try Response.encoded(try await translated { try await service.takeSnapshot(projects: body.projects, annotation: annotation, by: admin) })
            response.status = .created
            return response
        }
        routes.post("/v1/registry/{task}/gate") { request, context in
            let admin = try await user(request)
            let body = try await AnnotationRoutes.decode(GateRequest.self, from: request, context: context)
            return try Response.encoded(try await translated { try await service.judge(task: try taskParameter(context), candidateID: body.candidate, by: admin) })
        }
        routes.post("/v1/registry/{task}/promote") { request, context in
            let admin = try await user(request)
            let body = try await AnnotationRoutes.decode(PromoteRequest.self, from: request, context: context)
            return try Response.encoded(try await translated { try await service.promote(task: try taskParameter(context), versionID: body.version, by: admin) })
        }
        routes.post("/v1/registry/{task}/rollback") { request, context in
            let admin = try await user(request)
            let body = try await AnnotationRoutes.decode(RollbackRequest.self, from: request, context: context)
            return try Response.encoded(try await translated { try await service.rollBack(task: try taskParameter(context), reason: body.reason, by: admin) })
        }
        routes.post("/v1/registry/{task}/candidate") { request, context in
            let admin = try await user(request)
            let body = try await AnnotationRoutes.decode(PromoteRequest.self, from: request, context: context)
            return try Response.encoded(try await translated { try await service.nominate(task: try taskParameter(context), versionID: body.version, by: admin) })
        }
        routes.post("/v1/registry/{task}/locked-set") { request, context in
            let admin = try await user(request)
            let body = try await AnnotationRoutes.decode(LockRequest.self, from: request, context: context)
            let task = try taskParameter(context)
            let (added, skipped) = try await translated { try await service.lock(task: task, project: body.project, photographs: body.photographs,
                                                                                   annotation: annotation, by: admin) }
            return try Response.encoded(LockResponse(added: added, skipped: skipped, lockedSet: try await service.lockedSetSummary(task: task)))
        }
    }

    /// The registry's own refusals as the API's codes.
    static func translated<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RegistryError {
            switch error {
            case .unknownVersion: throw APIError(.notFound, error.description)
            case .wrongTask: throw APIError(.invalidParameter, error.description)
            case .versionExists, .nothingToRollBack: throw APIError(.conflict, error.description)
            case .weightsMismatch, .contentMismatch: throw APIError(.internalError, error.description)
            }
        } catch let error as StoreError {
            switch error {
            case .notFound: throw APIError(.notFound, error.description)
            case .invalidConfiguration: throw APIError(.invalidParameter, error.description)
            }
        }
    }
}
