import Foundation

/// Model versions, the `production` and `candidate` alias of each task, the promotion
/// gate's verdicts and each task's locked evaluation set. A version's weights file is
/// written (atomically, by content hash) before its record, so no record points at a
/// missing file; every alias move and every locked-set addition is written with its
/// audit entry in one transaction. Every backend passes the same contract tests.
public protocol ModelRegistry: Sendable {
    /// Keeps `weights` (which must hash to `version.weightsSHA256`) and the version record.
    func register(_ version: ModelVersion, weights: [UInt8], actor: String) async throws
    func modelVersion(id: String) async throws -> ModelVersion?
    /// A task's versions, newest first.
    func modelVersions(task: String) async throws -> [ModelVersion]
    /// The weights of `version`, checked against their hash; nil when the file is gone.
    func weights(of version: ModelVersion) async throws -> [UInt8]?

    /// Points `alias` of `task` at `versionID` (which must be a version of that task), records the move and audits it.
    @discardableResult
    func moveAlias(_ alias: ModelAlias.Name, task: String, to versionID: String, kind: AliasMove.Kind, actor: String, reason: String?,
                   atMs: Int64) async throws -> AliasMove
    func alias(_ alias: ModelAlias.Name, task: String) async throws -> ModelAlias?
    func aliases() async throws -> [ModelAlias]
    /// A task's alias moves, oldest first.
    func aliasMoves(task: String) async throws -> [AliasMove]

    func saveVerdict(_ verdict: StoredGateVerdict) async throws
    /// A task's gate verdicts, newest first.
    func verdicts(task: String, limit: Int) async throws -> [StoredGateVerdict]

    /// Adds photographs (bytes kept by hash) to a task's locked evaluation set, audited; one already there stays as it was.
    func addToLockedSet(_ photographs: [LockedPhotograph], images: [[UInt8]], actor: String, atMs: Int64) async throws
    /// A task's locked evaluation set, in the order it was added.
    func lockedSet(task: String) async throws -> [LockedPhotograph]
    func lockedImage(sha256: String) async throws -> [UInt8]?

    /// Records a shadow finding; a second one of the same analysis and candidate replaces it.
    func saveShadowResult(_ result: ShadowResult) async throws
    /// A candidate's shadow findings, newest first.
    func shadowResults(candidateID: String, limit: Int) async throws -> [ShadowResult]

    /// Keeps a data snapshot's content (by its hash, atomically) and its record, audited; the same content twice is one snapshot.
    func saveSnapshot(_ snapshot: DataSnapshot, content: [UInt8], actor: String) async throws
    func snapshot(hash: String) async throws -> DataSnapshot?
    /// The content of a snapshot, checked against its hash.
    func snapshotContent(hash: String) async throws -> [UInt8]?
    /// Every snapshot, newest first.
    func snapshots() async throws -> [DataSnapshot]
}

extension ModelRegistry {
    /// Moves `production` of `task` back to the version it held before its latest promotion.
    @discardableResult
    public func rollBackProduction(task: String, actor: String, reason: String?, atMs: Int64) async throws -> AliasMove {
        guard let current = try await alias(.production, task: task),
              let target = AliasMove.rollbackTarget(moves: try await aliasMoves(task: task), current: current.versionID) else {
            throw RegistryError.nothingToRollBack(task: task)
        }
        return try await moveAlias(.production, task: task, to: target, kind: .rollback, actor: actor, reason: reason, atMs: atMs)
    }
}

extension ImageStore {
    /// The content-addressed store of model weights beside the photographs (`<root>/models`).
    func modelFiles() throws -> ImageStore {
        try ImageStore(directory: directory.deletingLastPathComponent().appendingPathComponent("models"))
    }

    /// The content-addressed store of data snapshots beside the photographs (`<root>/snapshots`).
    func snapshotFiles() throws -> ImageStore {
        try ImageStore(directory: directory.deletingLastPathComponent().appendingPathComponent("snapshots"))
    }

    /// The bytes stored under `hash`, nil when absent or when they no longer hash to it.
    func verifiedLoad(_ hash: String) throws -> [UInt8]? {
        guard let bytes = try load(hash), Self.hash(bytes) == hash else { return nil }
        return bytes
    }
}
