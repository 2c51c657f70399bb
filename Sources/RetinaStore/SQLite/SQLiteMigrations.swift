import GRDB

/// The SQLite schema's history, one named migration per change; never edit a released one.
enum SQLiteMigrations {
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
        migrator.registerMigration("2026-12-01-monitoring") { db in
            try db.create(table: StoredProfile.databaseTableName) { t in
                t.primaryKey("analysisID", .text).references(StoredAnalysis.databaseTableName, onDelete: .cascade)
                t.column("recordedAt", .datetime).notNull().indexed()
                t.column("site", .text)
                t.column("cameraFamily", .text)
                t.column("latencyMs", .double).notNull()
                t.column("profile", .text).notNull()
            }
            try db.create(table: StoredFeedback.databaseTableName) { t in
                t.primaryKey("analysisID", .text).references(StoredAnalysis.databaseTableName, onDelete: .cascade)
                t.column("confirmedAt", .datetime).notNull().indexed()
                t.column("feedback", .text).notNull()
                t.column("outcomes", .text).notNull()
            }
        }
        return migrator
    }
}
