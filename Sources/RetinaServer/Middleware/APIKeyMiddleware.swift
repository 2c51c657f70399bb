import Hummingbird

/// When keys are configured, every `/v1` and `/dicom-web` call needs one, in `X-API-Key` or
/// `Authorization: Bearer …`: 401 without a valid key, 403 for a revoked one.
/// The labelling platform (`/v1/annotation`) and the model registry (`/v1/registry`) sign people in with sessions instead.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: Set<String>
    let revoked: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !keys.isEmpty || !revoked.isEmpty, (path.hasPrefix("/v1") && !path.hasPrefix("/v1/annotation") && !path.hasPrefix("/v1/registry")) || path.hasPrefix("/dicom-web") else {
            return try await next(request, context)
        }
        guard let presented = ClientIdentity.presentedKey(request.headers) else { throw APIError(.unauthorized, "this server needs an API key (X-API-Key header)") }
        if revoked.contains(presented) { throw APIError(.forbidden, "this API key has been revoked") }
        guard keys.contains(presented) else { throw APIError(.unauthorized, "the API key is not valid") }
        return try await next(request, context)
    }
}
