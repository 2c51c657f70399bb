import Foundation
import FundusImaging
import GRDB
import RetinaAnalysis
import RetinaModels
import Testing
@testable import RetinaStore

@Suite("Analysis store")
struct AnalysisStoreTests {
    static func directory() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())") }

    static func report(_ id: String) -> Report {
        var report = Report(id: id, image: Size(width: 640, height: 480), tasks: [.quality])
        report.timingsMs = ["total": 12.5]
        report.warnings = ["a warning"]
        return report
    }

    @Test("A saved analysis comes back whole, and survives reopening the store")
    func roundTrip() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image: [UInt8] = Array("not really a photograph".utf8)
        do {
            let store = try AnalysisStore(directory: dir)
            #expect(try store.appliedMigrations() == ["2026-11-26-analysis", "2026-12-01-rop-finding"])
            let saved = try store.save(Self.report("a"), image: image)
            #expect(saved.imageSHA256 == ImageStore.hash(image) && saved.imageSHA256.count == 64)
        }
        let reopened = try AnalysisStore(directory: dir)
        let record = try #require(try reopened.analysis(id: "a"))
        #expect(try record.decodedReport() == Self.report("a"))
        #expect(try reopened.images.load(record.imageSHA256) == image)
        #expect(try reopened.count() == 1)
    }

    @Test("A database of the first schema is migrated and keeps its analyses; the ROP finding gets its columns")
    func migratesOlderDatabase() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let old = Self.report("before")
        do {
            let queue = try DatabaseQueue(path: dir.appendingPathComponent("ropscreen.sqlite").path)
            try AnalysisStore.migrator.migrate(queue, upTo: "2026-11-26-analysis")
            let record = try StoredAnalysis(report: old, imageSHA256: String(repeating: "0", count: 64), imageBytes: 0)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO analysis (id, createdAt, imageSHA256, imageWidth, imageHeight, imageBytes, imageStored, modelVersions, totalMs, report)
                    VALUES (?, ?, ?, 640, 480, 0, 0, '{}', 12.5, ?)
                    """, arguments: [record.id, record.createdAt, record.imageSHA256, record.report])
            }
        }
        let store = try AnalysisStore(directory: dir)
        let kept = try #require(try store.analysis(id: "before"))
        #expect(try kept.decodedReport() == old && kept.ropFinding == nil)
        var rop = Self.report("after")
        rop.rop = ROPReport(probability: 0.8, card: ModelCard(name: "rop", version: "1", task: .rop,
                                                             architecture: .efficientNetLite(EfficientNetLiteConfiguration(classes: 2, blocks: 1)),
                                                             preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1])),
                                                             labels: ["normal", "rop"], threshold: 0.3), ridge: nil)
        let saved = try store.save(rop, image: [9])
        #expect(try store.analysis(id: saved.id)?.ropFinding == "rop" && store.analysis(id: saved.id)?.ropProbability == 0.8)
    }

    @Test("The same photograph is stored once; history is newest first")
    func deduplicatesAndOrders() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try AnalysisStore(directory: dir)
        let image: [UInt8] = [1, 2, 3, 4]
        try store.save(Self.report("old"), image: image, at: Date(timeIntervalSinceNow: -100))
        try store.save(Self.report("new"), image: image, at: Date())
        #expect(try store.recent().map(\.id) == ["new", "old"])
        #expect(try store.recent(limit: 1, offset: 1).map(\.id) == ["old"])
        let files = FileManager.default.enumerator(at: store.images.directory, includingPropertiesForKeys: nil)!.allObjects
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "bin" }
        #expect(files.count == 1)
    }

    @Test("A duplicate id is refused and leaves the first record as it was")
    func refusesDuplicateIDs() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try AnalysisStore(directory: dir)
        try store.save(Self.report("x"), image: [9])
        #expect(throws: (any Error).self) { try store.save(Self.report("x"), image: [8]) }
        #expect(try store.count() == 1)
        #expect(try store.images.load(store.analysis(id: "x")!.imageSHA256) == [9])
    }

    @Test("Retention removes old photographs but keeps their reports, and keeps a photograph a newer analysis still uses")
    func retention() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try AnalysisStore(directory: dir)
        try store.save(Self.report("old"), image: [1], at: Date(timeIntervalSinceNow: -40 * 86400))
        try store.save(Self.report("shared-old"), image: [2], at: Date(timeIntervalSinceNow: -40 * 86400))
        try store.save(Self.report("shared-new"), image: [2], at: Date())
        #expect(try store.removeImages(olderThan: Date(timeIntervalSinceNow: -30 * 86400)) == 1)
        let old = try #require(try store.analysis(id: "old"))
        #expect(!old.imageStored)
        #expect(try store.images.load(old.imageSHA256) == nil)
        #expect(try store.analysis(id: "shared-old")?.imageStored == false)
        #expect(try store.images.load(ImageStore.hash([2] as [UInt8])) == [2])
        #expect(try store.count() == 3)
    }

    @Test("Half-written photograph files left by a crash are cleared on opening")
    func clearsLeftovers() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let images = dir.appendingPathComponent("images/ab")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        let partial = images.appendingPathComponent(".abc.partial")
        try Data([1, 2]).write(to: partial)
        _ = try AnalysisStore(directory: dir)
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }
}
