import Hummingbird

/// The router with the list of what it declares, so that a known path asked with
/// a method it does not declare is answered 405 with `Allow` (RFC 9110 §15.5.6),
/// as the OpenAPI document says, instead of 404.
struct DeclaredRouter {
    let router: Router<BasicRequestContext>
    private(set) var methods: [String: [HTTPRequest.Method]] = [:]

    init(_ router: Router<BasicRequestContext>) { self.router = router }

    mutating func get(_ path: String, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> some ResponseGenerator) {
        declare(.get, path, handler)
    }

    mutating func post(_ path: String, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> some ResponseGenerator) {
        declare(.post, path, handler)
    }

    mutating func put(_ path: String, use handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> some ResponseGenerator) {
        declare(.put, path, handler)
    }

    private mutating func declare(_ method: HTTPRequest.Method, _ path: String,
                                  _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> some ResponseGenerator) {
        router.on(RouterPath(path), method: method, use: handler)
        methods[path, default: []].append(method)
    }

    /// The methods a client may try on any path; each one a path does not declare answers 405.
    static let standardMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect]

    /// Adds the 405 answers; call after every route is declared.
    func refuseUndeclaredMethods() {
        for (path, declared) in methods {
            var allowed = declared
            if declared.contains(.get) { allowed.append(.head) }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            for method in Self.standardMethods where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    throw APIError(.methodNotAllowed, "\(method.rawValue) is not a method of this path (it has \(allow))", allow: allow)
                }
            }
        }
    }
}
