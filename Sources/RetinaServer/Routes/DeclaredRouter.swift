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

    /// Adds the 405 answers; call after every route is declared.
    func refuseUndeclaredMethods() {
        router.add(middleware: UndeclaredMethodMiddleware(routes: methods.map { path, declared in
            .init(path: path, allow: declared.contains(.get) ? declared + [.head] : declared)
        }))
    }
}
