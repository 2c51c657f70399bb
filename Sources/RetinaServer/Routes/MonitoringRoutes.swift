import Foundation
import Hummingbird
import NIOCore

/// `GET /v1/monitoring` (drift and performance per model and window) and
/// `POST /v1/analyses/{id}/feedback` (a doctor's confirmation).
enum MonitoringRoutes {
    /// Feedback bodies are a few fields.
    static let maximumFeedbackBytes = 4096

    static func add(to routes: inout DeclaredRouter, service: AnalysisService) {
        routes.get("/v1/monitoring") { _, _ in
            try Response.encoded(try await service.monitoringSnapshot())
        }
        routes.post("/v1/analyses/:id/feedback") { request, context in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maximumFeedbackBytes)
            } catch is NIOTooManyBytesError {
                throw APIError(.invalidParameter, "feedback is at most \(maximumFeedbackBytes) bytes")
            }
            let feedback = try FeedbackRequest.parse(Array(buffer: body))
            return try Response.encoded(try await service.confirm(analysisID: try context.parameters.require("id"), feedback: feedback))
        }
    }
}
