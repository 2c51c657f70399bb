import Foundation
import Hummingbird
import Logging

/// Counts and times every request by its matched route (the router's path
/// template, so metrics do not grow with every analysis) and status, turns every error into
/// the API's JSON error body, and logs failures (never bodies: they hold
/// photographs).
struct ObservingMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.code == .internalError { logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")]) }
            response = try apiError.response(from: request, context: context)
        }
        metrics.request(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: response.status.code,
                        duration: ContinuousClock.now - started)
        return response
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let apiError as APIError: return apiError
        case let http as HTTPError where http.status == .notFound: return APIError(.notFound, "no such route")
        case let http as HTTPError where http.status == .contentTooLarge: return APIError(.imageTooLarge, "the body is too large")
        default: return APIError(.internalError, "internal error")
        }
    }
}
