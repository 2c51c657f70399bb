import Foundation
import GRDB
import RetinaMonitoring

/// A doctor's latest confirmation of one analysis: the truth as sent, and each model's
/// outcome against it (fixed when it was given, so the report need not be decoded again).
public struct StoredFeedback: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "feedback"

    public var analysisID: String
    public var confirmedAt: Date
    public var feedback: DoctorFeedback
    public var outcomes: [String: LabelledPrediction]

    public init(confirmation: Confirmation, feedback: DoctorFeedback) {
        analysisID = confirmation.analysisID
        confirmedAt = confirmation.confirmedAt
        self.feedback = feedback
        outcomes = confirmation.outcomes
    }

    public var confirmation: Confirmation {
        Confirmation(analysisID: analysisID, confirmedAt: confirmedAt, outcomes: outcomes)
    }
}
