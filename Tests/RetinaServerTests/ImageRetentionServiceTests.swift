import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaServer
import RetinaStore
import ServiceLifecycle
import Testing

@Suite("Image retention service")
struct ImageRetentionServiceTests {
    @Test("It removes expired photographs as soon as it runs, keeps the reports, and stops with its service group")
    func sweepsAndStops() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(directory: directory)
        try await store.save(Report(id: "old", image: Size(width: 8, height: 8), tasks: []), image: [1], at: Date(timeIntervalSinceNow: -10 * 86400))
        try await store.save(Report(id: "new", image: Size(width: 8, height: 8), tasks: []), image: [2], at: Date())
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let service = ImageRetentionService(store: store, retention: .seconds(7 * 86400), interval: .seconds(3600), logger: logger)
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [], logger: logger)
        let running = Task { try await group.run() }
        var old = try #require(try await store.analysis(id: "old"))
        for _ in 0 ..< 100 where old.imageStored {
            try await Task.sleep(for: .milliseconds(20))
            old = try #require(try await store.analysis(id: "old"))
        }
        #expect(!old.imageStored)
        let new = try #require(try await store.analysis(id: "new"))
        #expect(try await store.image(of: new) == [2])
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
