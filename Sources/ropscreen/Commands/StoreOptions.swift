import Foundation
import Logging
import RetinaStore

/// Opens the store a command names: PostgreSQL for `--database postgres://…` (its
/// connection pool running until the returned task is cancelled), else SQLite in the data folder.
enum StoreOptions {
    typealias Store = any AnalysisRepository & AnnotationRepository & JobQueue & MonitoringRepository & ModelRegistry

    static func open(database: String?, dataDirectory: URL, images: ImageStore, logger: Logger) async throws -> (Store, Task<Void, Never>?) {
        guard let database else { return (try SQLiteStore(directory: dataDirectory), nil) }
        let postgres = try PostgresStore(url: database, images: images, logger: logger)
        let runner = Task { _ = try? await postgres.run() }
        try await postgres.migrate()
        return (postgres, runner)
    }
}
