import Foundation
import PostgresNIO
import RetinaMonitoring

extension PostgresStore: MonitoringRepository {
    public func saveProfiles(_ analyses: [MonitoredAnalysis]) async throws {
        guard !analyses.isEmpty else { return }
        let logger = logger
        try await transaction { connection in
            for analysis in analyses {
                try await Self.insert(StoredProfile(analysis), into: StoredProfile.databaseTableName, on: connection, logger: logger,
                                      replacingOn: ["analysisID"])
            }
        }
    }

    public func profiles(since date: Date, limit: Int) async throws -> [MonitoredAnalysis] {
        try await fetch(StoredProfile.self, """
            SELECT * FROM inputProfile WHERE "recordedAt" > \(date.timeIntervalSince1970)
            ORDER BY "recordedAt" DESC, "analysisID" LIMIT \(max(0, limit))
            """).reversed().map(\.monitoredAnalysis)
    }

    public func saveFeedback(_ feedback: StoredFeedback) async throws {
        let logger = logger
        try await transaction { connection in
            try await Self.insert(feedback, into: StoredFeedback.databaseTableName, on: connection, logger: logger, replacingOn: ["analysisID"])
        }
    }

    public func feedback(analysisID: String) async throws -> StoredFeedback? {
        try await fetch(StoredFeedback.self, #"SELECT * FROM feedback WHERE "analysisID" = \#(analysisID)"#).first
    }

    public func confirmations(since date: Date, limit: Int) async throws -> [Confirmation] {
        try await fetch(StoredFeedback.self, """
            SELECT * FROM feedback WHERE "confirmedAt" > \(date.timeIntervalSince1970)
            ORDER BY "confirmedAt" DESC, "analysisID" LIMIT \(max(0, limit))
            """).reversed().map(\.confirmation)
    }
}
