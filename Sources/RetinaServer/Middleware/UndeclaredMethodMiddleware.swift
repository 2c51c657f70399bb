import Hummingbird

/// Answers 405 with `Allow` (RFC 9110 §15.5.6) when a known path is asked with any method
/// it does not declare — a standard one or not (`QUERY`, `FOO`) — instead of 404, as the
/// OpenAPI document says. It sits before the router's not-found answer only: requests the
/// router matches never reach it.
struct UndeclaredMethodMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// A declared path: its segments (nil where a parameter matches any) and its methods.
    struct Route: Sendable {
        var segments: [String?]
        var allow: [HTTPRequest.Method]

        init(path: String, allow: [HTTPRequest.Method]) {
            segments = path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? nil : String($0) }
            self.allow = allow
        }

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(segments, path).allSatisfy { $0 == nil || $0! == $1 }
        }
    }

    /// Most literal segments first, as the router prefers `/a/b` to `/a/{id}`.
    let routes: [Route]

    init(routes: [Route]) {
        self.routes = routes.sorted { $0.segments.count(where: { $0 == nil }) < $1.segments.count(where: { $0 == nil }) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path.split(separator: "/")
        guard let route = routes.first(where: { $0.matches(path) }), !route.allow.contains(request.method) else {
            return try await next(request, context)
        }
        let allow = route.allow.map(\.rawValue).joined(separator: ", ")
        throw APIError(.methodNotAllowed, "\(request.method.rawValue) is not a method of this path (it has \(allow))", allow: allow)
    }
}
