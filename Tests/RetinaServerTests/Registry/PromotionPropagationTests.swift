import Foundation
import Logging
import PostgresNIO
import RetinaAnalysis
import RetinaAnnotation
import RetinaStore
import Testing
@testable import RetinaServer

/// Two servers on one database: a promotion and a rollback made through one (or the CLI) reach
/// the other through its production watcher, with no restart. SQLite (two pools on one file) always;
/// PostgreSQL when `$ROPSCREEN_TEST_POSTGRES` names a server.
@Suite("Promotion on several servers", .serialized)
struct PromotionPropagationTests {
    typealias Store = any AnalysisRepository & AnnotationRepository & ModelRegistry

    /// A server: its models, the analysis service over them, and the registry with its watcher.
    struct Server {
        let models: CurrentModels
        let service: AnalysisService
        let registry: RegistryService

        init(store: Store, directory: URL) {
            var configuration = ServerConfiguration()
            configuration.dataDirectory = directory
            configuration.monitoring = nil
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            models = CurrentModels(ServerFixture.models)
            service = AnalysisService(models: models, store: store, configuration: configuration, logger: logger)
            registry = RegistryService(registry: store, models: models, configuration: configuration, pollInterval: .milliseconds(100), logger: logger)
        }

        var servedROP: String? { models.pipeline.models.rop?.card.version }
    }

    /// Two stores on one database in `directory`, and what ends the PostgreSQL clients.
    static func stores(postgres: Bool, directory: URL) async throws -> (Store, Store, [Task<Void, Never>])? {
        guard postgres else {
            return (try SQLiteStore(directory: directory), try SQLiteStore(directory: directory), [])
        }
        guard let url = ProcessInfo.processInfo.environment["ROPSCREEN_TEST_POSTGRES"] else {
            print("skipped: promotion on several PostgreSQL servers ($ROPSCREEN_TEST_POSTGRES is not set; .ci/run sets it)")
            return nil
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let images = try ImageStore(directory: directory.appendingPathComponent("images"))
        let name = "ropscreen_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresStore(url: url, images: images, logger: logger)
        let adminRunner = Task { _ = try? await admin.run() }
        try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        adminRunner.cancel()
        let base = url[..<(url.range(of: "/", options: .backwards)?.lowerBound ?? url.endIndex)]
        let first = try PostgresStore(url: "\(base)/\(name)", images: images, logger: logger)
        let second = try PostgresStore(url: "\(base)/\(name)", images: images, logger: logger)
        let runners = [Task { _ = try? await first.run() }, Task { _ = try? await second.run() }]
        try await first.migrate()
        try await second.migrate()
        return (first, second, runners)
    }

    @Test("A promotion and a rollback on one server reach the other within its poll interval", arguments: [false, true])
    func propagates(postgres: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("servers-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let (storeA, storeB, runners) = try await Self.stores(postgres: postgres, directory: directory) else { return }
        defer { runners.forEach { $0.cancel() } }
        let (a, b) = (Server(store: storeA, directory: directory), Server(store: storeB, directory: directory))
        let watching = Task { try? await b.registry.watcher.run() }
        defer { watching.cancel() }

        let candidates = directory.appendingPathComponent("candidates")
        for version in ["1.1.0", "1.2.0"] {
            _ = try await a.registry.register(bundle: try CandidateBundles.copy(version: version, into: candidates), actor: "trainer")
        }
        #expect(b.servedROP == "1.0.0")
        // Promotions as the gate makes them (its admission is tested beside the API); B hears of them from the database alone.
        try await storeA.moveAlias(.production, task: "rop", to: "rop-1.1.0", kind: .promote, actor: "root", reason: nil, atMs: 1)
        try await storeA.moveAlias(.production, task: "rop", to: "rop-1.2.0", kind: .promote, actor: "root", reason: nil, atMs: 2)
        try await a.registry.watcher.refresh()
        #expect(a.servedROP == "1.2.0")
        #expect(try await Self.eventually { b.servedROP == "1.2.0" }, "server B serves the promoted model")
        let report = try await b.service.analyze(AnalysisRequest(image: try ServerFixture.fundusJPEG(size: 256, seed: 18), tasks: nil, explain: false))
        #expect(report.modelVersions["rop"] == "1.2.0")

        _ = try await a.registry.rollBack(task: .rop, reason: "propagation test", by: .console("root"))
        #expect(try await Self.eventually { b.servedROP == "1.1.0" }, "server B follows the rollback")
        #expect(try await storeB.verifyAuditTrail().isIntact)
    }

    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0 ..< 100 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}
