import Foundation
import GRDB
import RetinaMonitoring

/// The input profile of one stored analysis, with the columns windows are reloaded by.
struct StoredProfile: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "inputProfile"

    var analysisID: String
    var recordedAt: Date
    var site: String?
    var cameraFamily: String?
    var latencyMs: Double
    /// The profile as JSON (GRDB stores a nested Codable value so).
    var profile: InputProfile

    init(_ analysis: MonitoredAnalysis) {
        analysisID = analysis.analysisID
        recordedAt = analysis.recordedAt
        site = analysis.profile[.site]
        cameraFamily = analysis.profile[.cameraFamily]
        latencyMs = analysis.latencyMs
        profile = analysis.profile
    }

    var monitoredAnalysis: MonitoredAnalysis {
        MonitoredAnalysis(analysisID: analysisID, recordedAt: recordedAt, profile: profile, latencyMs: latencyMs)
    }
}
