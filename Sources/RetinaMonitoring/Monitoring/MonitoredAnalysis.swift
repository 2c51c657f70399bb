import Foundation

/// What the request path records of one answered analysis: its profile and how long it took.
/// The analysis id joins it to the stored report; no pixels, no patient fields.
public struct MonitoredAnalysis: Sendable, Hashable, Codable {
    public var analysisID: String
    public var recordedAt: Date
    public var profile: InputProfile
    /// The analysis's total time (`timingsMs.total`).
    public var latencyMs: Double

    public init(analysisID: String, recordedAt: Date, profile: InputProfile, latencyMs: Double) {
        self.analysisID = analysisID
        self.recordedAt = recordedAt
        self.profile = profile
        self.latencyMs = latencyMs
    }
}
