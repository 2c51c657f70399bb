import Hummingbird
import NIOCore

extension Request {
    /// The whole body, or `IMAGE_TOO_LARGE` once it passes `limit` bytes.
    mutating func collectBody(limit: Int) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.imageTooLarge, "the body is larger than \(limit) bytes")
        }
    }
}
