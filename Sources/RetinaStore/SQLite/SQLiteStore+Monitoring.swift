import Foundation
import GRDB
import RetinaMonitoring

extension SQLiteStore: MonitoringRepository {
    public func saveProfiles(_ analyses: [MonitoredAnalysis]) async throws {
        guard !analyses.isEmpty else { return }
        try await database.write { db in
            for analysis in analyses { try StoredProfile(analysis).insert(db, onConflict: .replace) }
        }
    }

    public func profiles(since date: Date, limit: Int) async throws -> [MonitoredAnalysis] {
        try await database.read { db in
            try StoredProfile.filter(Column("recordedAt") > date).order(Column("recordedAt").desc, Column("analysisID"))
                .limit(max(0, limit)).fetchAll(db).reversed().map(\.monitoredAnalysis)
        }
    }

    public func saveFeedback(_ feedback: StoredFeedback) async throws {
        try await database.write { db in try feedback.insert(db, onConflict: .replace) }
    }

    public func feedback(analysisID: String) async throws -> StoredFeedback? {
        try await database.read { db in try StoredFeedback.fetchOne(db, key: analysisID) }
    }

    public func confirmations(since date: Date, limit: Int) async throws -> [Confirmation] {
        try await database.read { db in
            try StoredFeedback.filter(Column("confirmedAt") > date).order(Column("confirmedAt").desc, Column("analysisID"))
                .limit(max(0, limit)).fetchAll(db).reversed().map(\.confirmation)
        }
    }
}
