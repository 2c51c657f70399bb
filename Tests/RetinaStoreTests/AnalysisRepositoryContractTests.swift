import Foundation
import FundusImaging
import GRDB
import Logging
import PostgresNIO
import RetinaAnalysis
import RetinaModels
import Testing
@testable import RetinaStore

/// A store under test and the folder it lives in.
struct StoreUnderTest: Sendable {
    let repository: any AnalysisRepository
    let directory: URL
    /// The PostgreSQL client's run loop, ended by `cleanUp`.
    var runner: Task<Void, Never>? = nil

    func cleanUp() {
        runner?.cancel()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// How to make each implementation of the store; every contract test runs against each
/// one: SQLite always, PostgreSQL where `$ROPSCREEN_TEST_POSTGRES` names a server
/// (`.ci/run` starts one with scripts/postgres.sh), each test in a database of its own.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlitePoolOnDisk
    case sqliteQueueInMemory
    case postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["ROPSCREEN_TEST_POSTGRES"]

    /// The backends this machine can run; PostgreSQL is skipped, saying so, without a server.
    static let available: [StoreBackend] = {
        if postgresURL == nil { print("skipped: the PostgreSQL backend's contract tests ($ROPSCREEN_TEST_POSTGRES is not set; .ci/run sets it)") }
        return allCases.filter { $0 != .postgres || postgresURL != nil }
    }()

    func make() async throws -> StoreUnderTest {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())")
        let images = try ImageStore(directory: directory.appendingPathComponent("images"))
        switch self {
        case .sqlitePoolOnDisk:
            return StoreUnderTest(repository: try SQLiteStore(directory: directory), directory: directory)
        case .sqliteQueueInMemory:
            return StoreUnderTest(repository: try SQLiteStore(DatabaseQueue(), images: images), directory: directory)
        case .postgres:
            let url = try #require(Self.postgresURL)
            let name = "ropscreen_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let admin = try PostgresStore(url: url, images: images, logger: logger)
            let adminRunner = Task { try? await admin.run() }
            try await admin.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            adminRunner.cancel()
            let base = url[..<(url.range(of: "/", options: .backwards)?.lowerBound ?? url.endIndex)]
            let store = try PostgresStore(url: "\(base)/\(name)", images: images, logger: logger)
            let runner = Task { _ = try? await store.run() }
            try await store.migrate()
            return StoreUnderTest(repository: store, directory: directory, runner: runner)
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

    @Test("A saved analysis comes back whole, with its photograph", arguments: StoreBackend.available)
    func roundTrip(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let image: [UInt8] = Array("not really a photograph".utf8)
        // The same names on both backends.
        let migrations = ["2026-11-26-analysis", "2026-12-01-rop-finding", "2026-12-01-annotation", "2026-12-01-jobs", "2026-12-01-dicom-identifiers",
                          "2026-12-01-monitoring", "2026-12-01-annotation-layers", "2026-12-01-model-registry"]
        #expect(try await store.repository.appliedMigrations() == migrations)
        let saved = try await store.repository.save(Self.report("a"), image: image)
        #expect(saved.imageSHA256 == ImageStore.hash(image) && saved.imageSHA256.count == 64)
        let record = try #require(try await store.repository.analysis(id: "a"))
        #expect(try record.decodedReport() == Self.report("a"))
        #expect(try await store.repository.image(of: record) == image)
        #expect(try await store.repository.count() == 1)
        #expect(try await store.repository.analysis(id: "missing") == nil)
    }

    @Test("DICOM identifiers are kept in their own table, saved with the analysis or not at all", arguments: StoreBackend.available)
    func dicomIdentifiers(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let identifiers = DICOMIdentifiers(analysisID: "d", patientID: "MRN0042", studyInstanceUID: "1.2.3", sopInstanceUID: "1.2.3.4",
                                           laterality: "L", acquisitionDateTime: Date(timeIntervalSince1970: 1_700_000_000),
                                           frameNumber: 2, frameCount: 3)
        try await store.repository.save(Self.report("d"), image: [7], identifiers: identifiers, at: Date())
        #expect(try await store.repository.identifiers(ofAnalysis: "d") == identifiers)
        let record = try #require(try await store.repository.analysis(id: "d"))
        #expect(!record.report.contains("MRN0042"))
        try await store.repository.save(Self.report("plain"), image: [8])
        #expect(try await store.repository.identifiers(ofAnalysis: "plain") == nil)
        // A duplicate analysis id stores neither the record nor its identifiers.
        var other = identifiers
        other.patientID = "OTHER"
        await #expect(throws: (any Error).self) {
            try await store.repository.save(Self.report("d"), image: [9], identifiers: other, at: Date())
        }
        #expect(try await store.repository.identifiers(ofAnalysis: "d")?.patientID == "MRN0042")
    }

    @Test("The same photograph is stored once; history is newest first and pages; a photograph's newest analysis is found by its hash",
          arguments: StoreBackend.available)
    func deduplicatesAndOrders(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let image: [UInt8] = [1, 2, 3, 4]
        // One clock reading: on a loaded machine the saves themselves may take longer than the gaps.
        let now = Date()
        try await store.repository.save(Self.report("old"), image: image, at: now.addingTimeInterval(-100))
        try await store.repository.save(Self.report("new"), image: image, at: now)
        try await store.repository.save(Self.report("other"), image: [5], at: now.addingTimeInterval(-50))
        #expect(try await store.repository.latestAnalysis(imageSHA256: ImageStore.hash(image))?.id == "new")
        #expect(try await store.repository.latestAnalysis(imageSHA256: ImageStore.hash([6])) == nil)
        #expect(try await store.repository.recent(limit: 2, offset: 0).map(\.id) == ["new", "other"])
        #expect(try await store.repository.recent(limit: 1, offset: 2).map(\.id) == ["old"])
        #expect(try await store.repository.recent(limit: 10, offset: 5).isEmpty)
        #expect(Self.imageFiles(in: store.directory).count == 2)
    }

    @Test("A duplicate id is refused and leaves the first record and no stray photograph", arguments: StoreBackend.available)
    func refusesDuplicateIDs(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        try await store.repository.save(Self.report("x"), image: [9])
        await #expect(throws: (any Error).self) { try await store.repository.save(Self.report("x"), image: [8]) }
        #expect(try await store.repository.count() == 1)
        let record = try #require(try await store.repository.analysis(id: "x"))
        #expect(try await store.repository.image(of: record) == [9])
        #expect(Self.imageFiles(in: store.directory).count == 1)
    }

    @Test("Retention removes old photographs but keeps their reports, and keeps a photograph a newer analysis still uses",
          arguments: StoreBackend.available)
    func retention(backend: StoreBackend) async throws {
        let store = try await backend.make()
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

    @Test("Sweeps running at once (several servers) remove each expired photograph once", arguments: StoreBackend.available)
    func concurrentSweeps(backend: StoreBackend) async throws {
        let store = try await backend.make()
        defer { store.cleanUp() }
        let repository = store.repository
        for i in 0 ..< 12 { try await repository.save(Self.report("old-\(i)"), image: [UInt8(i)], at: Date(timeIntervalSinceNow: -40 * 86400)) }
        let cutoff = Date(timeIntervalSinceNow: -30 * 86400)
        let removed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0 ..< 3 { group.addTask { try await repository.removeImages(olderThan: cutoff) } }
            return try await group.reduce(0, +)
        }
        #expect(removed == 12)
        #expect(try await repository.removeImages(olderThan: cutoff) == 0)
        for i in 0 ..< 12 { #expect(try await repository.analysis(id: "old-\(i)")?.imageStored == false) }
    }

    @Test("A save of a photograph racing retention of its older copy never loses the file", arguments: StoreBackend.available)
    func saveRacingRetention(backend: StoreBackend) async throws {
        let store = try await backend.make()
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
