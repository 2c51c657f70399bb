import Foundation
import GRDB
import RetinaAnalysis

/// Every analysis the service answered, in SQLite (through GRDB), with the
/// photographs on disk by content hash. An analysis is one row written in one
/// transaction after its photograph is safely on disk, so a crash leaves
/// either the whole record or none of it.
public final class AnalysisStore: Sendable {
    public let database: DatabasePool
    public let images: ImageStore

    /// Opens (creating and migrating) the store in `directory`: `ropscreen.sqlite` and `images/`.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try DatabasePool(path: directory.appendingPathComponent("ropscreen.sqlite").path)
        images = try ImageStore(directory: directory.appendingPathComponent("images"))
        try Self.migrator.migrate(database)
        try images.removeLeftovers()
    }

    /// The schema's history, one named migration per change; never edit a released one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26-analysis") { db in
            try db.create(table: StoredAnalysis.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("createdAt", .datetime).notNull().indexed()
                t.column("imageSHA256", .text).notNull().indexed()
                t.column("imageWidth", .integer).notNull()
                t.column("imageHeight", .integer).notNull()
                t.column("imageBytes", .integer).notNull()
                t.column("imageStored", .boolean).notNull()
                t.column("quality", .text)
                t.column("lesionProbability", .double)
                t.column("modelVersions", .text).notNull()
                t.column("totalMs", .double).notNull()
                t.column("report", .text).notNull()
            }
        }
        migrator.registerMigration("2026-12-01-rop-finding") { db in
            try db.alter(table: StoredAnalysis.databaseTableName) { t in
                t.add(column: "ropFinding", .text)
                t.add(column: "ropProbability", .double)
            }
        }
        return migrator
    }

    /// The migrations applied so far, in order.
    public func appliedMigrations() throws -> [String] {
        try database.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Stores the photograph, then the analysis.
    @discardableResult
    public func save(_ report: Report, image: [UInt8], at date: Date = Date()) throws -> StoredAnalysis {
        let hash = try images.store(image)
        let record = try StoredAnalysis(report: report, imageSHA256: hash, imageBytes: image.count, createdAt: date)
        try database.write { db in try record.insert(db) }
        return record
    }

    public func analysis(id: String) throws -> StoredAnalysis? {
        try database.read { db in try StoredAnalysis.fetchOne(db, key: id) }
    }

    /// The newest analyses first.
    public func recent(limit: Int = 50, offset: Int = 0) throws -> [StoredAnalysis] {
        try database.read { db in
            try StoredAnalysis.order(Column("createdAt").desc).limit(max(0, limit), offset: max(0, offset)).fetchAll(db)
        }
    }

    public func count() throws -> Int {
        try database.read { db in try StoredAnalysis.fetchCount(db) }
    }

    /// Removes the photographs of analyses older than `date` (the reports stay) and
    /// returns how many were removed. A photograph still used by a newer analysis stays.
    @discardableResult
    public func removeImages(olderThan date: Date) throws -> Int {
        let expired = try database.read { db in
            try StoredAnalysis.filter(Column("createdAt") < date && Column("imageStored") == true).fetchAll(db)
        }
        var removed = 0
        for hash in Set(expired.map(\.imageSHA256)) {
            let stillUsed = try database.read { db in
                try StoredAnalysis.filter(Column("imageSHA256") == hash && Column("createdAt") >= date).fetchCount(db)
            }
            _ = try database.write { db in
                try StoredAnalysis.filter(Column("imageSHA256") == hash && Column("createdAt") < date)
                    .updateAll(db, Column("imageStored").set(to: false))
            }
            if stillUsed == 0 {
                try images.remove(hash)
                removed += 1
            }
        }
        return removed
    }
}
