import Foundation
import RetinaMonitoring

/// The body of `POST /v1/analyses/{id}/feedback`: `{"rop": bool?, "quality": "good"|"bad"|"outlier"?,
/// "eye": "left"|"right"?}`, at least one of them, nothing else.
enum FeedbackRequest {
    static let fields: Set<String> = ["rop", "quality", "eye"]

    static func parse(_ body: [UInt8]) throws(APIError) -> DoctorFeedback {
        guard !body.isEmpty else { throw APIError(.emptyInput, "the request has no body: send the confirmed findings as JSON") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let fields = object as? [String: Any] else {
            throw APIError(.invalidJSON, "the body must be a JSON object with rop, quality or eye")
        }
        if let unknown = fields.keys.filter({ !Self.fields.contains($0) }).sorted().first {
            throw APIError(.invalidParameter, "'\(unknown)' is not a feedback field (rop, quality, eye)")
        }
        let feedback: DoctorFeedback
        do { feedback = try JSONDecoder().decode(DoctorFeedback.self, from: Data(body)) } catch {
            throw APIError(.invalidParameter, "rop must be true or false, quality one of good, bad, outlier, eye left or right")
        }
        guard !feedback.isEmpty else { throw APIError(.invalidParameter, "give at least one of rop, quality, eye") }
        return feedback
    }
}
