import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How a STOW-RS request reaches a PACS: POST `body` of `contentType` to
/// `url`, answering the HTTP status. `http` is the real one; tests record.
public struct STOWClient: Sendable {
    public var send: @Sendable (_ url: URL, _ contentType: String, _ body: Data) async throws -> Int

    public init(send: @escaping @Sendable (_ url: URL, _ contentType: String, _ body: Data) async throws -> Int) {
        self.send = send
    }

    /// Over HTTP with URLSession, 60 s per request.
    public static let http = STOWClient { url, contentType, body in
        var request = URLRequest(url: url, timeoutInterval: 60)
        request.httpMethod = "POST"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("application/dicom+json", forHTTPHeaderField: "Accept")
        request.httpBody = body
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
