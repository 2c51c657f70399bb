import Foundation
import FundusImaging
import GRDB
import RetinaAnalysis
import RetinaModels
import Testing
@testable import RetinaStore

/// A store under test and the folder it lives in.
struct StoreUnderTest: Sendable {
    let repository: any AnalysisRepository
    let directory: URL

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// How to make each implementation of `AnalysisRepository`; every contract test runs
/// against each one (a PostgreSQL backend joins this list with its issue).
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlitePoolOnDisk
    case sqliteQueueInMemory

    var testDescription: String { rawValue }

    func make() throws -> StoreUnderTest {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())")
        let images = try ImageStore(directory: directory.appendingPathComponent("images"))
        switch self {
        case .sqlitePoolOnDisk:
            return StoreUnderTest(repository: try SQLiteStore(directory: directory), directory: directory)
        case .sqliteQueueInMemory:
            return StoreUnderTest(repository: try SQLiteStore(DatabaseQueue(), images: images), directory: directory)
        }
    }
}

@Suite("Analysis repository contract")
struct AnalysisRepositoryContractTests {
    static func report(_ id: String) -> Report {
        var report = Report(id: id, image: Size(width: 640, height: 480), tasks: [.quality])
        report.timingsMs = ["total": 12.5]
        report.warnings = ["a warning"]
        return report
    }

    @Test("A saved analysis comes back whole, with its photograph", arguments: StoreBackend.allCases)
    func roundTrip(backend: StoreBackend) async throws {
        let store = try backend.make()
        defer { store.cleanUp() }
        let image: [UInt8] = Array("not really a photograph".utf8)
        #expect(try await store.repository.appliedMigrations() == ["2026-11-26-analysis", "2026-12-01-rop-finding", "2026-12-01-monitoring"])
        let saved = try await store.repository.save(Self.report("a"), image: image)
        #expect(saved.imageSHA256 == ImageStore.hash(image) && saved.imageSHA256.count == 64)
        let record = try #require(try await store.repository.analysis(id: "a"))
        #expect(try record.decodedReport() == Self.report("a"))
        #expect(try await store.repository.image(of: record) == image)
        #expect(try await store.repository.count() == 1)
        #expect(try await store.repository.analysis(id: "missing") == nil)
    }

    @Test("The same photograph is stored once; history is newest first and pages", arguments: StoreBackend.allCases)
    func deduplicatesAndOrders(backend: StoreBackend) async throws {
        let store = try backend.make()
        defer { store.cleanUp() }
        let image: [UInt8] = [1, 2, 3, 4]
        try await store.repository.save(Self.report("old"), image: image, at: Date(timeIntervalSinceNow: -100))
        try await store.repository.save(Self.report("new"), image: image, at: Date())
        #expect(try await store.repository.recent().map(\.id) == ["new", "old"])
        #expect(try await store.repository.recent(limit: 1, offset: 1).map(\.id) == ["old"])
        #expect(try await store.repository.recent(limit: 10, offset: 5).isEmpty)
        #expect(Self.imageFiles(in: store.directory).count == 1)
    }

    @Test("A duplicate id is refused and leaves the first record and no stray photograph", arguments: StoreBackend.allCases)
    func refusesDuplicateIDs(backend: StoreBackend) async throws {
        let store = try backend.make()
        defer { store.cleanUp() }
        try await store.repository.save(Self.report("x"), image: [9])
        await #expect(throws: (any Error).self) { try await store.repository.save(Self.report("x"), image: [8]) }
        #expect(try await store.repository.count() == 1)
        let record = try #require(try await store.repository.analysis(id: "x"))
        #expect(try await store.repository.image(of: record) == [9])
        #expect(Self.imageFiles(in: store.directory).count == 1)
    }

    @Test("Retention removes old photographs but keeps their reports, and keeps a photograph a newer analysis still uses",
          arguments: StoreBackend.allCases)
    func retention(backend: StoreBackend) async throws {
        let store = try backend.make()
        defer { store.cleanUp() }
        let repository = store.repository
        try await repository.save(Self.report("old"), image: [1], at: Date(timeIntervalSinceNow: -40 * 86400))
        try await repository.save(Self.report("shared-old"), image: [2], at: Date(timeIntervalSinceNow: -40 * 86400))
        try await repository.save(Self.report("shared-new"), image: [2], at: Date())
        #expect(try await repository.removeImages(olderThan: Date(timeIntervalSinceNow: -30 * 86400)) == 1)
        let old = try #require(try await repository.analysis(id: "old"))
        #expect(!old.imageStored)
        #expect(try await repository.image(of: old) == nil)
        #expect(try await repository.analysis(id: "shared-old")?.imageStored == false)
        let shared = try #require(try await repository.analysis(id: "shared-new"))
        #expect(try await repository.image(of: shared) == [2])
        #expect(try await repository.count() == 3)
        #expect(try await repository.removeImages(olderThan: Date(timeIntervalSinceNow: -30 * 86400)) == 0)
    }

    @Test("A save of a photograph racing retention of its older copy never loses the file", arguments: StoreBackend.allCases)
    func saveRacingRetention(backend: StoreBackend) async throws {
        let store = try backend.make()
        defer { store.cleanUp() }
        let repository = store.repository
        let cutoff = Date(timeIntervalSinceNow: -30 * 86400)
        for round in 0 ..< 40 {
            let image = Array("photograph \(round)".utf8)
            try await repository.save(Self.report("old-\(round)"), image: image, at: Date(timeIntervalSinceNow: -40 * 86400))
            async let saved = repository.save(Self.report("new-\(round)"), image: image, at: Date())
            async let removed = repository.removeImages(olderThan: cutoff)
            _ = try await (saved, removed)
            let new = try #require(try await repository.analysis(id: "new-\(round)"))
            #expect(new.imageStored)
            #expect(try await repository.image(of: new) == image, "round \(round): the new analysis lost its photograph")
        }
    }

    static func imageFiles(in directory: URL) -> [URL] {
        (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects ?? [])
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "bin" }
    }
}

@Suite("SQLite store")
struct SQLiteStoreTests {
    static func directory() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())") }

    @Test("An analysis survives reopening the store on disk")
    func survivesReopening() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do { try await SQLiteStore(directory: dir).save(AnalysisRepositoryContractTests.report("a"), image: [5]) }
        let reopened = try SQLiteStore(directory: dir)
        let record = try #require(try await reopened.analysis(id: "a"))
        #expect(try await reopened.image(of: record) == [5])
    }

    @Test("A database of the first schema is migrated and keeps its analyses; the ROP finding gets its columns")
    func migratesOlderDatabase() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let old = AnalysisRepositoryContractTests.report("before")
        do {
            let queue = try DatabaseQueue(path: dir.appendingPathComponent("ropscreen.sqlite").path)
            try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-26-analysis")
            let record = try StoredAnalysis(report: old, imageSHA256: String(repeating: "0", count: 64), imageBytes: 0)
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO analysis (id, createdAt, imageSHA256, imageWidth, imageHeight, imageBytes, imageStored, modelVersions, totalMs, report)
                    VALUES (?, ?, ?, 640, 480, 0, 0, '{}', 12.5, ?)
                    """, arguments: [record.id, record.createdAt, record.imageSHA256, record.report])
            }
        }
        let store = try SQLiteStore(directory: dir)
        let kept = try #require(try await store.analysis(id: "before"))
        #expect(try kept.decodedReport() == old && kept.ropFinding == nil)
        var rop = AnalysisRepositoryContractTests.report("after")
        rop.rop = ROPReport(probability: 0.8, card: ModelCard(name: "rop", version: "1", task: .rop,
                                                             architecture: .efficientNetLite(EfficientNetLiteConfiguration(classes: 2, blocks: 1)),
                                                             preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1])),
                                                             labels: ["normal", "rop"], threshold: 0.3), ridge: nil)
        let saved = try await store.save(rop, image: [9])
        let record = try #require(try await store.analysis(id: saved.id))
        #expect(record.ropFinding == "rop" && record.ropProbability == 0.8)
    }

    @Test("Half-written photograph files left by a crash are cleared on opening")
    func clearsLeftovers() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = dir.appendingPathComponent("images/ab")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let partial = images.appendingPathComponent(".abc.partial")
        try Data([1, 2]).write(to: partial)
        _ = try SQLiteStore(directory: dir)
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }
}
