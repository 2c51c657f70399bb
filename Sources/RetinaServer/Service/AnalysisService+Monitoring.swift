import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaMonitoring
import RetinaStore

extension AnalysisService {
    /// Hands the analysis's input profile to the monitor: a few small measurements on a
    /// thumbnail and a lock, no statistics (the monitoring service does those).
    func record(_ result: AnalysisPipeline.Result, of photo: FundusImage, site: String?) {
        guard let monitor, let fieldOfView = result.fieldOfView else { return }
        let report = result.report
        do {
            let profile = try InputProfile(report: report, photograph: photo, fieldOfView: fieldOfView, site: site,
                                           embedding: result.qualityFeatures)
            monitor.record(MonitoredAnalysis(analysisID: report.id, recordedAt: Date(), profile: profile,
                                             latencyMs: report.timingsMs["total"] ?? 0))
        } catch {
            logger.warning("profiling an analysis failed", metadata: ["id": .string(report.id), "error": .string("\(error)")])
        }
    }

    /// Stores a doctor's confirmation of a stored analysis, with each model's outcome against
    /// it, and hands it to the monitor's windows.
    public func confirm(analysisID: String, feedback: DoctorFeedback, at date: Date = Date()) async throws -> StoredFeedback {
        guard let monitor else { throw APIError(.notFound, "monitoring is off on this server, so feedback is not kept") }
        let record = try await storedAnalysis(id: analysisID)
        let confirmation = Confirmation(analysisID: analysisID, confirmedAt: date, outcomes: feedback.outcomes(for: try record.decodedReport()))
        let stored = StoredFeedback(confirmation: confirmation, feedback: feedback)
        do {
            try await monitor.store.saveFeedback(stored)
        } catch {
            logger.error("storing feedback failed", metadata: ["id": .string(analysisID), "error": .string("\(error)")])
            throw APIError(.internalError, "the feedback could not be stored")
        }
        monitor.record(confirmation)
        return stored
    }

    /// The monitoring state now, or `NOT_FOUND` when monitoring is off.
    public func monitoringSnapshot() async throws -> MonitoringSnapshot {
        guard let monitor else { throw APIError(.notFound, "monitoring is off on this server") }
        return try await monitor.snapshot()
    }
}
