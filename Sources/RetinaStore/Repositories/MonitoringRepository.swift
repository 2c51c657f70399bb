import Foundation
import RetinaMonitoring

/// Where monitoring keeps the input profile of each answered analysis and the doctors'
/// confirmations, so that a restarted server refills its windows. Beside `AnalysisRepository`:
/// every backend implements both and passes both contract tests.
public protocol MonitoringRepository: Sendable {
    /// Stores profiles of analyses already saved, in one transaction.
    func saveProfiles(_ analyses: [MonitoredAnalysis]) async throws

    /// The newest `limit` profiles recorded after `date`, oldest first.
    func profiles(since date: Date, limit: Int) async throws -> [MonitoredAnalysis]

    /// Stores a confirmation, replacing an earlier one of the same analysis.
    func saveFeedback(_ feedback: StoredFeedback) async throws

    func feedback(analysisID: String) async throws -> StoredFeedback?

    /// The newest `limit` confirmations given after `date`, oldest first.
    func confirmations(since date: Date, limit: Int) async throws -> [Confirmation]
}
