import Foundation
import GRDB
import RetinaAnalysis

/// Every analysis the service answered, in SQLite (through GRDB), with the
/// photographs on disk by content hash. The photograph file and the record are
/// written inside one write transaction, and retention checks and removes each
/// photograph inside one too: SQLite runs one writer at a time, so a save of the
/// same photograph can never fall between retention's check and its removal.
public final class SQLiteStore: AnalysisRepository {
    public let database: any DatabaseWriter
    public let images: ImageStore

    /// A store over `database` (a pool on disk, or a queue in memory for tests),
    /// migrated to the current schema, with photographs in `images`.
    public init(_ database: any DatabaseWriter, images: ImageStore) throws {
        self.database = database
        self.images = images
        try SQLiteMigrations.migrator.migrate(database)
        try images.removeLeftovers()
    }

    /// Opens (creating and migrating) the store in `directory`: `ropscreen.sqlite` and `images/`.
    public convenience init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try self.init(DatabasePool(path: directory.appendingPathComponent("ropscreen.sqlite").path),
                      images: ImageStore(directory: directory.appendingPathComponent("images")))
    }

    public func appliedMigrations() async throws -> [String] {
        try await database.read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }
    }

    @discardableResult
    public func save(_ report: Report, image: [UInt8], at date: Date) async throws -> StoredAnalysis {
        try await save(report, image: image, identifiers: nil, at: date)
    }

    @discardableResult
    public func save(_ report: Report, image: [UInt8], identifiers: DICOMIdentifiers, at date: Date) async throws -> StoredAnalysis {
        try await save(report, image: image, identifiers: Optional(identifiers), at: date)
    }

    private func save(_ report: Report, image: [UInt8], identifiers: DICOMIdentifiers?, at date: Date) async throws -> StoredAnalysis {
        let record = try StoredAnalysis(report: report, imageSHA256: ImageStore.hash(image), imageBytes: image.count, createdAt: date)
        let images = images
        try await database.write { db in
            let created = try images.store(image)
            do {
                try record.insert(db)
                if var identifiers {
                    identifiers.analysisID = record.id
                    try identifiers.insert(db)
                }
            } catch {
                if created { try? images.remove(record.imageSHA256) }
                throw error
            }
        }
        return record
    }

    public func identifiers(ofAnalysis id: String) async throws -> DICOMIdentifiers? {
        try await database.read { db in try DICOMIdentifiers.fetchOne(db, key: id) }
    }

    public func analysis(id: String) async throws -> StoredAnalysis? {
        try await database.read { db in try StoredAnalysis.fetchOne(db, key: id) }
    }

    public func recent(limit: Int, offset: Int) async throws -> [StoredAnalysis] {
        try await database.read { db in
            try StoredAnalysis.order(Column("createdAt").desc, Column("id")).limit(max(0, limit), offset: max(0, offset)).fetchAll(db)
        }
    }

    public func latestAnalysis(imageSHA256: String) async throws -> StoredAnalysis? {
        try await database.read { db in
            try StoredAnalysis.filter(Column("imageSHA256") == imageSHA256).order(Column("createdAt").desc, Column("id")).fetchOne(db)
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in try StoredAnalysis.fetchCount(db) }
    }

    public func image(of analysis: StoredAnalysis) async throws -> [UInt8]? {
        guard analysis.imageStored else { return nil }
        return try images.load(analysis.imageSHA256)
    }

    @discardableResult
    public func removeImages(olderThan date: Date) async throws -> Int {
        let hashes = try await database.read { db in
            try String.fetchAll(db, StoredAnalysis.select(Column("imageSHA256"), as: String.self).distinct()
                .filter(Column("createdAt") < date && Column("imageStored") == true))
        }
        let images = images
        var removed = 0
        for hash in hashes {
            let removedFile = try await database.write { db -> Bool in
                // Nothing left to expire: another sweep took this photograph first.
                let expired = try StoredAnalysis.filter(Column("imageSHA256") == hash && Column("createdAt") < date && Column("imageStored") == true)
                    .updateAll(db, Column("imageStored").set(to: false))
                guard expired > 0 else { return false }
                let analyses = try StoredAnalysis.filter(Column("imageSHA256") == hash && Column("imageStored") == true).fetchCount(db)
                let projects = try ProjectPhotograph.filter(Column("imageSHA256") == hash || Column("layers").like("%\(hash)%")).fetchCount(db)
                let locked = try LockedPhotograph.filter(Column("imageSHA256") == hash).fetchCount(db)
                let stillKept = analyses + projects + locked
                guard stillKept == 0 else { return false }
                try images.remove(hash)
                return true
            }
            if removedFile { removed += 1 }
        }
        return removed
    }
}
