import Foundation
import RetinaStore

/// `GET /v1/registry`: every task's versions, aliases, gate verdicts, alias moves, locked set and shadow agreement.
struct RegistryOverview: Codable {
    var tasks: [TaskRegistry]
}

struct TaskRegistry: Codable {
    var task: String
    var production: String?
    var candidate: String?
    /// The version this server's reports use now (nil: the bundled model).
    var served: String?
    var versions: [ModelVersionView]
    var verdicts: [StoredGateVerdict]
    var moves: [AliasMove]
    var lockedSet: LockedSetSummary
    var shadow: RegistryService.ShadowAgreement?
}

struct LockedSetSummary: Codable {
    var photographs: Int
    var positive: Int
}

/// A version as the API shows it: the card's figures, not its weights.
struct ModelVersionView: Codable {
    var id: String
    var task: String
    var version: String
    var threshold: Double
    var metrics: [String: [String: Double]]
    var snapshotHash: String?
    var hasRecipe: Bool
    var weightsSHA256: String
    var weightsBytes: Int
    var createdAtMs: Int64
    var createdBy: String

    init(_ version: ModelVersion) {
        (id, task, self.version, threshold, metrics) = (version.id, version.task.rawValue, version.version, version.card.threshold, version.card.metrics)
        (snapshotHash, hasRecipe, weightsSHA256, weightsBytes) = (version.snapshotHash, version.recipe != nil, version.weightsSHA256, version.weightsBytes)
        (createdAtMs, createdBy) = (version.createdAtMs, version.createdBy)
    }
}

struct GateRequest: Codable { var candidate: String }
struct PromoteRequest: Codable { var version: String }
struct RollbackRequest: Codable { var reason: String? }
struct LockRequest: Codable {
    var project: String
    var photographs: [String]?
}
struct LockResponse: Codable {
    var added: Int
    var skipped: Int
    var lockedSet: LockedSetSummary
}

struct SnapshotRequest: Codable { var projects: [String] }
struct SnapshotList: Codable { var snapshots: [DataSnapshot] }
