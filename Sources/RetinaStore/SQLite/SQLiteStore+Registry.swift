import Foundation
import GRDB

extension SQLiteStore: ModelRegistry {
    public func register(_ version: ModelVersion, weights: [UInt8], actor: String) async throws {
        guard ImageStore.hash(weights) == version.weightsSHA256, weights.count == version.weightsBytes else {
            throw RegistryError.weightsMismatch(version.id)
        }
        let files = try images.modelFiles()
        try await database.write { db in
            if try ModelVersion.fetchOne(db, key: version.id) != nil { throw RegistryError.versionExists(version.id) }
            let created = try files.store(weights)
            do {
                try version.insert(db)
                try AuditChain.append(db, actor: actor, action: "model.register", entity: "model/\(version.id)", before: String?.none,
                                      after: ["weightsSHA256": version.weightsSHA256, "snapshotHash": version.snapshotHash ?? ""], atMs: version.createdAtMs)
            } catch {
                if created { try? files.remove(version.weightsSHA256) }
                throw error
            }
        }
    }

    public func modelVersion(id: String) async throws -> ModelVersion? {
        try await database.read { db in try ModelVersion.fetchOne(db, key: id) }
    }

    public func modelVersions(task: String) async throws -> [ModelVersion] {
        try await database.read { db in
            try ModelVersion.filter(Column("task") == task).order(Column("createdAtMs").desc, Column("id").desc).fetchAll(db)
        }
    }

    public func weights(of version: ModelVersion) async throws -> [UInt8]? {
        guard let bytes = try images.modelFiles().load(version.weightsSHA256) else { return nil }
        guard ImageStore.hash(bytes) == version.weightsSHA256 else { throw RegistryError.weightsMismatch(version.id) }
        return bytes
    }

    @discardableResult
    public func moveAlias(_ alias: ModelAlias.Name, task: String, to versionID: String, kind: AliasMove.Kind, actor: String, reason: String?,
                          atMs: Int64) async throws -> AliasMove {
        try await database.write { db in
            guard let version = try ModelVersion.fetchOne(db, key: versionID) else { throw RegistryError.unknownVersion(versionID) }
            guard version.task.rawValue == task else { throw RegistryError.wrongTask(version: versionID, task: task) }
            let before = try ModelAlias.fetchOne(db, key: ["task": task, "alias": alias.rawValue])
            try ModelAlias(task: task, alias: alias, versionID: versionID, movedAtMs: atMs, movedBy: actor).save(db)
            var move = AliasMove(task: task, alias: alias, kind: kind, fromVersionID: before?.versionID, toVersionID: versionID,
                                 actor: actor, reason: reason, atMs: atMs)
            try move.insert(db)
            try AuditChain.append(db, actor: actor, action: "model.alias.\(kind.rawValue)", entity: "model/\(task)/\(alias.rawValue)",
                                  before: before.map { ["version": $0.versionID] },
                                  after: ["version": versionID, "reason": reason ?? ""], atMs: atMs)
            return move
        }
    }

    public func alias(_ alias: ModelAlias.Name, task: String) async throws -> ModelAlias? {
        try await database.read { db in try ModelAlias.fetchOne(db, key: ["task": task, "alias": alias.rawValue]) }
    }

    public func aliases() async throws -> [ModelAlias] {
        try await database.read { db in try ModelAlias.order(Column("task"), Column("alias")).fetchAll(db) }
    }

    public func aliasMoves(task: String) async throws -> [AliasMove] {
        try await database.read { db in try AliasMove.filter(Column("task") == task).order(Column("sequence")).fetchAll(db) }
    }

    public func saveVerdict(_ verdict: StoredGateVerdict) async throws {
        try await database.write { db in
            try verdict.insert(db)
            try AuditChain.append(db, actor: verdict.actor, action: "model.gate", entity: "model/\(verdict.candidateID)",
                                  before: String?.none,
                                  after: ["admitted": verdict.admitted ? "true" : "false", "production": verdict.productionID ?? ""], atMs: verdict.atMs)
        }
    }

    public func verdicts(task: String, limit: Int) async throws -> [StoredGateVerdict] {
        try await database.read { db in
            try StoredGateVerdict.filter(Column("task") == task).order(Column("atMs").desc, Column("id")).limit(max(0, limit)).fetchAll(db)
        }
    }

    public func addToLockedSet(_ photographs: [LockedPhotograph], images bytes: [[UInt8]], actor: String, atMs: Int64) async throws {
        guard photographs.count == bytes.count, zip(photographs, bytes).allSatisfy({ $0.imageSHA256 == ImageStore.hash($1) }) else {
            throw StoreError.invalidConfiguration("each locked photograph needs its own image bytes")
        }
        guard let task = photographs.first?.task else { return }
        guard photographs.allSatisfy({ $0.task == task }) else { throw StoreError.invalidConfiguration("one locked-set addition is for one task") }
        let images = images
        try await database.write { db in
            var added: [String] = []
            for (photograph, image) in zip(photographs, bytes) {
                if try LockedPhotograph.fetchOne(db, key: ["task": photograph.task, "imageSHA256": photograph.imageSHA256]) != nil { continue }
                try images.store(image)
                try photograph.insert(db)
                added.append(photograph.imageSHA256)
            }
            try AuditChain.append(db, actor: actor, action: "lockedset.add", entity: "lockedset/\(task)", before: String?.none,
                                  after: ["photographs": added], atMs: atMs)
        }
    }

    public func lockedSet(task: String) async throws -> [LockedPhotograph] {
        try await database.read { db in
            try LockedPhotograph.filter(Column("task") == task).order(Column("addedAtMs"), Column("imageSHA256")).fetchAll(db)
        }
    }

    public func lockedImage(sha256: String) async throws -> [UInt8]? { try images.load(sha256) }

    public func saveShadowResult(_ result: ShadowResult) async throws {
        try await database.write { db in try result.save(db) }
    }

    public func shadowResults(candidateID: String, limit: Int) async throws -> [ShadowResult] {
        try await database.read { db in
            try ShadowResult.filter(Column("candidateID") == candidateID).order(Column("atMs").desc, Column("analysisID")).limit(max(0, limit)).fetchAll(db)
        }
    }

    public func saveSnapshot(_ snapshot: DataSnapshot, content: [UInt8], actor: String) async throws {
        guard ImageStore.hash(content) == snapshot.hash else { throw RegistryError.contentMismatch("snapshot \(snapshot.hash)") }
        let files = try images.snapshotFiles()
        try await database.write { db in
            if try DataSnapshot.fetchOne(db, key: snapshot.hash) != nil { return }
            let created = try files.store(content)
            do {
                try snapshot.insert(db)
                try AuditChain.append(db, actor: actor, action: "snapshot.take", entity: "snapshot/\(snapshot.hash)", before: String?.none,
                                      after: ["photographs": String(snapshot.photographs), "projects": snapshot.projects.joined(separator: ",")],
                                      atMs: snapshot.createdAtMs)
            } catch {
                if created { try? files.remove(snapshot.hash) }
                throw error
            }
        }
    }

    public func snapshot(hash: String) async throws -> DataSnapshot? {
        try await database.read { db in try DataSnapshot.fetchOne(db, key: hash) }
    }

    public func snapshotContent(hash: String) async throws -> [UInt8]? { try images.snapshotFiles().verifiedLoad(hash) }

    public func snapshots() async throws -> [DataSnapshot] {
        try await database.read { db in try DataSnapshot.order(Column("createdAtMs").desc, Column("hash")).fetchAll(db) }
    }
}
