import Foundation
import PostgresNIO

extension PostgresStore: ModelRegistry {
    public func register(_ version: ModelVersion, weights: [UInt8], actor: String) async throws {
        guard ImageStore.hash(weights) == version.weightsSHA256, weights.count == version.weightsBytes else {
            throw RegistryError.weightsMismatch(version.id)
        }
        let (files, logger) = (try images.modelFiles(), logger)
        try await audited(actor: actor, action: "model.register", entity: "model/\(version.id)", atMs: version.createdAtMs) { connection in
            // Serialises registrations of one version and of one weights file across servers.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(version.id)))", logger: logger)
            try await Self.lockImage(version.weightsSHA256, on: connection, logger: logger)
            let existing = try await connection.query(#"SELECT 1 FROM model_version WHERE "id" = \#(version.id)"#, logger: logger).collect()
            guard existing.isEmpty else { throw RegistryError.versionExists(version.id) }
            let created = try files.store(weights)
            do {
                try await Self.insert(version, into: ModelVersion.databaseTableName, on: connection, logger: logger)
            } catch {
                if created { try? files.remove(version.weightsSHA256) }
                throw error
            }
            return (nil, try AuditChain.json(["weightsSHA256": version.weightsSHA256, "snapshotHash": version.snapshotHash ?? ""]))
        }
    }

    public func modelVersion(id: String) async throws -> ModelVersion? {
        try await fetch(ModelVersion.self, #"SELECT * FROM model_version WHERE "id" = \#(id)"#).first
    }

    public func modelVersions(task: String) async throws -> [ModelVersion] {
        try await fetch(ModelVersion.self, #"SELECT * FROM model_version WHERE "task" = \#(task) ORDER BY "createdAtMs" DESC, "id" DESC"#)
    }

    public func weights(of version: ModelVersion) async throws -> [UInt8]? {
        guard let bytes = try images.modelFiles().load(version.weightsSHA256) else { return nil }
        guard ImageStore.hash(bytes) == version.weightsSHA256 else { throw RegistryError.weightsMismatch(version.id) }
        return bytes
    }

    @discardableResult
    public func moveAlias(_ alias: ModelAlias.Name, task: String, to versionID: String, kind: AliasMove.Kind, actor: String, reason: String?,
                          atMs: Int64) async throws -> AliasMove {
        let logger = logger
        let move = AliasMove(task: task, alias: alias, kind: kind, fromVersionID: nil, toVersionID: versionID, actor: actor, reason: reason, atMs: atMs)
        return try await audited(actor: actor, action: "model.alias.\(kind.rawValue)", entity: "model/\(task)/\(alias.rawValue)",
                                 atMs: atMs) { connection -> (AliasMove, String?, String?) in
            // One move of a task's aliases at a time, whichever server makes it.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("alias/" + task)))", logger: logger)
            guard let version = try await fetch(ModelVersion.self, #"SELECT * FROM model_version WHERE "id" = \#(versionID)"#, on: connection).first else {
                throw RegistryError.unknownVersion(versionID)
            }
            guard version.task.rawValue == task else { throw RegistryError.wrongTask(version: versionID, task: task) }
            let before = try await fetch(ModelAlias.self, #"SELECT * FROM model_alias WHERE "task" = \#(task) AND "alias" = \#(alias.rawValue)"#,
                                         on: connection).first
            try await Self.insert(ModelAlias(task: task, alias: alias, versionID: versionID, movedAtMs: atMs, movedBy: actor),
                                  into: ModelAlias.databaseTableName, on: connection, logger: logger, replacingOn: ["task", "alias"])
            var recorded = move
            recorded.fromVersionID = before?.versionID
            let rows = try await connection.query("""
                INSERT INTO model_alias_move ("task", "alias", "kind", "fromVersionID", "toVersionID", "actor", "reason", "atMs")
                VALUES (\(task), \(alias.rawValue), \(kind.rawValue), \(recorded.fromVersionID), \(versionID), \(actor), \(reason), \(atMs))
                RETURNING "sequence"
                """, logger: logger).collect()
            recorded.sequence = try rows.first?.decode(Int64.self)
            return (recorded, try before.map { try AuditChain.json(["version": $0.versionID]) },
                    try AuditChain.json(["version": versionID, "reason": reason ?? ""]))
        }
    }

    public func alias(_ alias: ModelAlias.Name, task: String) async throws -> ModelAlias? {
        try await fetch(ModelAlias.self, #"SELECT * FROM model_alias WHERE "task" = \#(task) AND "alias" = \#(alias.rawValue)"#).first
    }

    public func aliases() async throws -> [ModelAlias] {
        try await fetch(ModelAlias.self, #"SELECT * FROM model_alias ORDER BY "task", "alias""#)
    }

    public func aliasMoves(task: String) async throws -> [AliasMove] {
        try await fetch(AliasMove.self, #"SELECT * FROM model_alias_move WHERE "task" = \#(task) ORDER BY "sequence""#)
    }

    public func saveVerdict(_ verdict: StoredGateVerdict) async throws {
        let logger = logger
        try await audited(actor: verdict.actor, action: "model.gate", entity: "model/\(verdict.candidateID)", atMs: verdict.atMs) { connection in
            try await Self.insert(verdict, into: StoredGateVerdict.databaseTableName, on: connection, logger: logger)
            return (nil, try AuditChain.json(["admitted": verdict.admitted ? "true" : "false", "production": verdict.productionID ?? ""]))
        }
    }

    public func verdicts(task: String, limit: Int) async throws -> [StoredGateVerdict] {
        try await fetch(StoredGateVerdict.self, #"SELECT * FROM gate_verdict WHERE "task" = \#(task) ORDER BY "atMs" DESC, "id" LIMIT \#(max(0, limit))"#)
    }

    public func addToLockedSet(_ photographs: [LockedPhotograph], images bytes: [[UInt8]], actor: String, atMs: Int64) async throws {
        guard photographs.count == bytes.count, zip(photographs, bytes).allSatisfy({ $0.imageSHA256 == ImageStore.hash($1) }) else {
            throw StoreError.invalidConfiguration("each locked photograph needs its own image bytes")
        }
        guard let task = photographs.first?.task else { return }
        guard photographs.allSatisfy({ $0.task == task }) else { throw StoreError.invalidConfiguration("one locked-set addition is for one task") }
        let (images, logger) = (images, logger)
        try await audited(actor: actor, action: "lockedset.add", entity: "lockedset/\(task)", atMs: atMs) { connection in
            var added: [String] = []
            for (photograph, image) in zip(photographs, bytes) {
                try await Self.lockImage(photograph.imageSHA256, on: connection, logger: logger)
                let existing = try await connection.query("""
                    SELECT 1 FROM locked_photograph WHERE "task" = \(photograph.task) AND "imageSHA256" = \(photograph.imageSHA256)
                    """, logger: logger).collect()
                guard existing.isEmpty else { continue }
                try images.store(image)
                try await Self.insert(photograph, into: LockedPhotograph.databaseTableName, on: connection, logger: logger)
                added.append(photograph.imageSHA256)
            }
            return (nil, try AuditChain.json(["photographs": added]))
        }
    }

    public func lockedSet(task: String) async throws -> [LockedPhotograph] {
        try await fetch(LockedPhotograph.self, #"SELECT * FROM locked_photograph WHERE "task" = \#(task) ORDER BY "addedAtMs", "imageSHA256""#)
    }

    public func lockedImage(sha256: String) async throws -> [UInt8]? { try images.load(sha256) }

    public func saveShadowResult(_ result: ShadowResult) async throws {
        let logger = logger
        try await client.withConnection { connection in
            try await Self.insert(result, into: ShadowResult.databaseTableName, on: connection, logger: logger, replacingOn: ["analysisID", "candidateID"])
        }
    }

    public func shadowResults(candidateID: String, limit: Int) async throws -> [ShadowResult] {
        try await fetch(ShadowResult.self, """
            SELECT * FROM shadow_result WHERE "candidateID" = \(candidateID) ORDER BY "atMs" DESC, "analysisID" LIMIT \(max(0, limit))
            """)
    }

    public func saveSnapshot(_ snapshot: DataSnapshot, content: [UInt8], actor: String) async throws {
        guard ImageStore.hash(content) == snapshot.hash else { throw RegistryError.contentMismatch("snapshot \(snapshot.hash)") }
        let (files, logger) = (try images.snapshotFiles(), logger)
        guard try await self.snapshot(hash: snapshot.hash) == nil else { return }
        try await audited(actor: actor, action: "snapshot.take", entity: "snapshot/\(snapshot.hash)", atMs: snapshot.createdAtMs) { connection in
            try await Self.lockImage(snapshot.hash, on: connection, logger: logger)
            let created = try files.store(content)
            do {
                try await connection.query("""
                    INSERT INTO data_snapshot SELECT * FROM json_populate_record(NULL::data_snapshot, \(try Self.json(snapshot))::json) ON CONFLICT DO NOTHING
                    """, logger: logger)
            } catch {
                if created { try? files.remove(snapshot.hash) }
                throw error
            }
            return (nil, try AuditChain.json(["photographs": String(snapshot.photographs), "projects": snapshot.projects.joined(separator: ",")]))
        }
    }

    public func snapshot(hash: String) async throws -> DataSnapshot? {
        try await fetch(DataSnapshot.self, #"SELECT * FROM data_snapshot WHERE "hash" = \#(hash)"#).first
    }

    public func snapshotContent(hash: String) async throws -> [UInt8]? { try images.snapshotFiles().verifiedLoad(hash) }

    public func snapshots() async throws -> [DataSnapshot] {
        try await fetch(DataSnapshot.self, #"SELECT * FROM data_snapshot ORDER BY "createdAtMs" DESC, "hash""#)
    }
}
