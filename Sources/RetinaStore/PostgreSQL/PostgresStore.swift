import Foundation
import Logging
import PostgresNIO
import RetinaAnalysis
import RetinaAnnotation
import ServiceLifecycle

/// The store on PostgreSQL (through postgres-nio), for several servers sharing one
/// database; photographs stay content-addressed files under a shared folder. Same
/// contract as `SQLiteStore`: a photograph's file and its record are written in one
/// transaction, and retention checks and removes each photograph in one, holding the
/// photograph's advisory lock, which a save of the same photograph takes too.
/// Run it as a service (its `run` drives the connection pool).
public final class PostgresStore: Service, Sendable {
    public let client: PostgresClient
    public let images: ImageStore
    let logger: Logger

    public init(configuration: PostgresClient.Configuration, images: ImageStore, logger: Logger) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.images = images
        self.logger = logger
    }

    /// A store for `postgres://user:password@host:port/database`.
    public convenience init(url: String, images: ImageStore, logger: Logger) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme), let host = components.host,
              let user = components.user else {
            throw StoreError.invalidConfiguration("a database URL is postgres://user:password@host:port/database")
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        self.init(configuration: .init(host: host, port: components.port ?? 5432, username: user, password: components.password,
                                       database: database, tls: .disable),
                  images: images, logger: logger)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    /// Applies the migrations not applied yet, each in its own transaction, one server at a time.
    public func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(770701)", logger: logger)
            try await connection.query(#"CREATE TABLE IF NOT EXISTS schema_migration ("name" text PRIMARY KEY)"#, logger: logger)
        }
        for migration in PostgresMigrations.all {
            try await transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(770701)", logger: logger)
                let applied = try await connection.query(#"SELECT 1 FROM schema_migration WHERE "name" = \#(migration.name)"#, logger: logger).collect()
                guard applied.isEmpty else { return }
                for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                try await connection.query(#"INSERT INTO schema_migration ("name") VALUES (\#(migration.name))"#, logger: logger)
            }
        }
        try images.removeLeftovers()
    }

    public func appliedMigrations() async throws -> [String] {
        let names = try await client.query(#"SELECT "name" FROM schema_migration"#, logger: logger).collect().map { try $0.decode(String.self) }
        let order = PostgresMigrations.all.map(\.name)
        return names.sorted { (order.firstIndex(of: $0) ?? .max) < (order.firstIndex(of: $1) ?? .max) }
    }

    // MARK: Records as JSON

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    static func json(_ record: some Encodable) throws -> String {
        String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    /// Inserts `record` into `table` (columns named as its properties); with `conflict`,
    /// replaces the row with the same key columns instead.
    static func insert(_ record: some Encodable, into table: String, on connection: PostgresConnection, logger: Logger,
                       replacingOn conflict: [String]? = nil, columns: [String]? = nil) async throws {
        let list = columns.map { "(" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + ")" } ?? ""
        let selected = columns.map { $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? "*"
        var sql = "INSERT INTO \(table) \(list) SELECT \(selected) FROM json_populate_record(NULL::\(table), $1::json)"
        if let conflict {
            let updated = try Self.columns(of: record).filter { !conflict.contains($0) }
            sql += " ON CONFLICT (" + conflict.map { "\"\($0)\"" }.joined(separator: ", ") + ") DO UPDATE SET "
                + "(" + updated.map { "\"\($0)\"" }.joined(separator: ", ") + ") = ROW("
                + updated.map { "EXCLUDED.\"\($0)\"" }.joined(separator: ", ") + ")"
        }
        var bindings = PostgresBindings()
        bindings.append(try json(record))
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    static func columns(of record: some Encodable) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(record)) as? [String: Any] ?? [:]
        return object.keys.sorted()
    }

    /// The rows of `query`, each decoded from its JSON as a `T`.
    func fetch<T: Decodable>(_ type: T.Type, _ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws -> [T] {
        let wrapped = PostgresQuery(unsafeSQL: "SELECT row_to_json(row_)::text FROM (\(query.sql)) row_", binds: query.binds)
        let rows = if let connection {
            try await connection.query(wrapped, logger: logger).collect()
        } else {
            try await client.query(wrapped, logger: logger).collect()
        }
        return try rows.map { try Self.decoder.decode(T.self, from: Data(try $0.decode(String.self).utf8)) }
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        try await client.query(query, logger: logger).collect().first.map { Int(try $0.decode(Int64.self)) } ?? 0
    }

    /// Runs `body` in a transaction; an error thrown by `body` comes out as itself
    /// (postgres-nio wraps it), so callers see the store's own errors.
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> sending Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw error
        }
    }

    /// Serialises writers of one photograph across servers (saves and retention).
    static func lockImage(_ hash: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(hash)))", logger: logger)
    }
}
