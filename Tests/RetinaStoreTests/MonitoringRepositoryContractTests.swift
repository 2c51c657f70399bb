import Foundation
import RetinaMonitoring
import Testing
@testable import RetinaStore

@Suite("Monitoring repository contract")
struct MonitoringRepositoryContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func repositories(_ store: StoreUnderTest) throws -> (any AnalysisRepository, any MonitoringRepository) {
        (store.repository, try #require(store.repository as? any MonitoringRepository))
    }

    static func analysis(_ id: String, at offset: TimeInterval, site: String? = "key-a") -> MonitoredAnalysis {
        var profile = InputProfile(embedding: [0.25, -1])
        profile[.brightness] = 0.4 + offset / 1000
        profile[.cameraFamily] = "RetCam"
        profile[.site] = site
        return MonitoredAnalysis(analysisID: id, recordedAt: start.addingTimeInterval(offset), profile: profile, latencyMs: 250)
    }

    @Test("Profiles come back whole, the newest ones since a date, oldest first", arguments: StoreBackend.available)
    func profiles(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let (analyses, monitoring) = try Self.repositories(store)
        for (index, id) in ["a", "b", "c", "d"].enumerated() {
            try await analyses.save(AnalysisRepositoryContractTests.report(id), image: [UInt8(index)])
        }
        let recorded = [Self.analysis("a", at: 0), Self.analysis("b", at: 10, site: nil), Self.analysis("c", at: 20), Self.analysis("d", at: 30)]
        try await monitoring.saveProfiles(recorded)
        #expect(try await monitoring.profiles(since: .distantPast, limit: 10) == recorded)
        #expect(try await monitoring.profiles(since: Self.start.addingTimeInterval(5), limit: 2) == Array(recorded[2...]))
        #expect(try await monitoring.profiles(since: Self.start.addingTimeInterval(30), limit: 10) == [])
    }

    @Test("A profile or a confirmation of an analysis that was never stored is refused", arguments: StoreBackend.available)
    func needsTheAnalysis(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let (_, monitoring) = try Self.repositories(store)
        await #expect(throws: (any Error).self) { try await monitoring.saveProfiles([Self.analysis("ghost", at: 0)]) }
        let confirmation = Confirmation(analysisID: "ghost", confirmedAt: Self.start, outcomes: [:])
        await #expect(throws: (any Error).self) {
            try await monitoring.saveFeedback(StoredFeedback(confirmation: confirmation, feedback: DoctorFeedback(rop: true)))
        }
    }

    @Test("The latest confirmation of an analysis replaces the earlier one", arguments: StoreBackend.available)
    func feedback(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let (analyses, monitoring) = try Self.repositories(store)
        try await analyses.save(AnalysisRepositoryContractTests.report("a"), image: [1])
        try await analyses.save(AnalysisRepositoryContractTests.report("b"), image: [2])
        let wrong = LabelledPrediction(predictedPositive: false, actuallyPositive: true)
        let first = StoredFeedback(confirmation: Confirmation(analysisID: "a", confirmedAt: Self.start, outcomes: ["rop": wrong]),
                                   feedback: DoctorFeedback(rop: true, quality: .good, eye: .left))
        let other = StoredFeedback(confirmation: Confirmation(analysisID: "b", confirmedAt: Self.start.addingTimeInterval(5), outcomes: [:]),
                                   feedback: DoctorFeedback(quality: .bad))
        let corrected = StoredFeedback(
            confirmation: Confirmation(analysisID: "a", confirmedAt: Self.start.addingTimeInterval(10),
                                       outcomes: ["rop": LabelledPrediction(predictedPositive: false, actuallyPositive: false)]),
            feedback: DoctorFeedback(rop: false))
        try await monitoring.saveFeedback(first)
        try await monitoring.saveFeedback(other)
        #expect(try await monitoring.feedback(analysisID: "a") == first)
        try await monitoring.saveFeedback(corrected)
        #expect(try await monitoring.feedback(analysisID: "a") == corrected)
        #expect(try await monitoring.feedback(analysisID: "missing") == nil)
        #expect(try await monitoring.confirmations(since: .distantPast, limit: 10) == [other.confirmation, corrected.confirmation])
        #expect(try await monitoring.confirmations(since: .distantPast, limit: 1) == [corrected.confirmation])
    }
}
