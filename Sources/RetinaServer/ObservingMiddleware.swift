import Foundation
import Hummingbird
import Logging

/// Counts and times every request by route and status, turns every error into
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
        metrics.request(route: Self.route(of: request.uri.path), method: request.method.rawValue, status: response.status.code,
                        duration: ContinuousClock.now - started)
        return response
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let apiError as APIError: return apiError
        case let http as HTTPError where http.status == .notFound: return APIError(.notFound, "no such route")
        case let http as HTTPError where http.status == .methodNotAllowed: return APIError(.notFound, "no such method on this route")
        case let http as HTTPError where http.status == .contentTooLarge: return APIError(.imageTooLarge, "the body is too large")
        default: return APIError(.internalError, "internal error")
        }
    }

    /// The route, with identifiers folded, so that metrics do not grow with every analysis.
    static func route(of path: String) -> String {
        let parts = path.split(separator: "/")
        if parts.count >= 3, parts[0] == "v1", parts[1] == "analyses" {
            return "/v1/analyses/{id}" + (parts.count > 3 ? "/" + parts[3...].joined(separator: "/") : "")
        }
        return ["/", "/healthz", "/readyz", "/metrics", "/openapi.yaml", "/v1/models", "/v1/analyses"].contains(path) ? path : "other"
    }
}
