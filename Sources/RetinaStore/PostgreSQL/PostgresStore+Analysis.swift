import Foundation
import PostgresNIO
import RetinaAnalysis

extension PostgresStore: AnalysisRepository {
    @discardableResult
    public func save(_ report: Report, image: [UInt8], at date: Date) async throws -> StoredAnalysis {
        try await save(report, image: image, identifiers: nil, at: date)
    }

    @discardableResult
    public func save(_ report: Report, image: [UInt8], identifiers: DICOMIdentifiers, at date: Date) async throws -> StoredAnalysis {
        try await save(report, image: image, identifiers: Optional(identifiers), at: date)
    }

    public func identifiers(ofAnalysis id: String) async throws -> DICOMIdentifiers? {
        try await fetch(DICOMIdentifiers.self, #"SELECT * FROM dicomIdentifiers WHERE "analysisID" = \#(id)"#).first
    }

    private func save(_ report: Report, image: [UInt8], identifiers: DICOMIdentifiers?, at date: Date) async throws -> StoredAnalysis {
        let record = try StoredAnalysis(report: report, imageSHA256: ImageStore.hash(image), imageBytes: image.count, createdAt: date)
        let (images, logger) = (images, logger)
        try await transaction { connection in
            try await Self.lockImage(record.imageSHA256, on: connection, logger: logger)
            let created = try images.store(image)
            do {
                try await Self.insert(record, into: StoredAnalysis.databaseTableName, on: connection, logger: logger)
                if var identifiers {
                    identifiers.analysisID = record.id
                    try await Self.insert(identifiers, into: DICOMIdentifiers.databaseTableName, on: connection, logger: logger)
                }
            } catch {
                if created { try? images.remove(record.imageSHA256) }
                throw error
            }
        }
        return record
    }

    public func analysis(id: String) async throws -> StoredAnalysis? {
        try await fetch(StoredAnalysis.self, #"SELECT * FROM analysis WHERE "id" = \#(id)"#).first
    }

    public func recent(limit: Int, offset: Int) async throws -> [StoredAnalysis] {
        try await fetch(StoredAnalysis.self, #"SELECT * FROM analysis ORDER BY "createdAt" DESC, "id" LIMIT \#(max(0, limit)) OFFSET \#(max(0, offset))"#)
    }

    public func latestAnalysis(imageSHA256: String) async throws -> StoredAnalysis? {
        try await fetch(StoredAnalysis.self, #"SELECT * FROM analysis WHERE "imageSHA256" = \#(imageSHA256) ORDER BY "createdAt" DESC, "id" LIMIT 1"#).first
    }

    public func count() async throws -> Int {
        try await count("SELECT COUNT(*) FROM analysis")
    }

    public func image(of analysis: StoredAnalysis) async throws -> [UInt8]? {
        guard analysis.imageStored else { return nil }
        return try images.load(analysis.imageSHA256)
    }

    /// One server sweeps at a time: the sweep holds a lease (a transaction-level advisory
    /// lock) for its whole run, and a server that cannot take it leaves the sweep to the holder.
    @discardableResult
    public func removeImages(olderThan date: Date) async throws -> Int {
        try await transaction { lease in
            let leased = try await lease.query("SELECT pg_try_advisory_xact_lock(770703)", logger: logger).collect().first?.decode(Bool.self) ?? false
            guard leased else { return 0 }
            return try await sweepImages(olderThan: date)
        }
    }

    private func sweepImages(olderThan date: Date) async throws -> Int {
        let cutoff = date.timeIntervalSince1970
        let hashes = try await client.query(#"SELECT DISTINCT "imageSHA256" FROM analysis WHERE "createdAt" < \#(cutoff) AND "imageStored""#,
                                            logger: logger).collect().map { try $0.decode(String.self) }
        let (images, logger) = (images, logger)
        var removed = 0
        for hash in hashes {
            let removedFile = try await transaction { connection -> Bool in
                try await Self.lockImage(hash, on: connection, logger: logger)
                let expired = try await connection.query("""
                    UPDATE analysis SET "imageStored" = false WHERE "imageSHA256" = \(hash) AND "createdAt" < \(cutoff) AND "imageStored" RETURNING 1
                    """, logger: logger).collect().count
                guard expired > 0 else { return false }
                let kept = try await connection.query("""
                    SELECT (SELECT COUNT(*) FROM analysis WHERE "imageSHA256" = \(hash) AND "imageStored")
                         + (SELECT COUNT(*) FROM project_photograph WHERE "imageSHA256" = \(hash) OR "layers"::text LIKE '%' || \(hash) || '%')
                         + (SELECT COUNT(*) FROM locked_photograph WHERE "imageSHA256" = \(hash))
                    """, logger: logger).collect().first.map { try $0.decode(Int64.self) } ?? 0
                guard kept == 0 else { return false }
                try images.remove(hash)
                return true
            }
            if removedFile { removed += 1 }
        }
        return removed
    }
}
