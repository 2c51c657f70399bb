import Foundation
import GRDB
import RetinaModels

/// One trained model kept by the registry: its card, how it was made (recipe and the
/// labelled-data snapshot it learnt from), what it measured, and its weights, kept as a
/// content-addressed file under the store's root (`models/ab/abcdef….bin`). A version
/// never changes once registered; aliases (`ModelAlias`) point at versions.
public struct ModelVersion: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model_version"

    /// `<task>-<version>`, e.g. `rop-1.1.0`.
    public var id: String
    public var task: AnalysisTask
    public var version: String
    public var card: ModelCard
    /// The recipe's JSON as it was run; nil for a model registered without one (e.g. a bundled model).
    public var recipe: String?
    /// The hash of the labelled-data snapshot it learnt from; nil when it was not trained from one.
    public var snapshotHash: String?
    /// Data set (or split) → metric → value, as measured when it was registered.
    public var metrics: [String: [String: Double]]
    /// SHA-256 of the weights file (`weights.safetensors`).
    public var weightsSHA256: String
    public var weightsBytes: Int
    public var createdAtMs: Int64
    public var createdBy: String

    /// A version of `card` (its task and version) with these weights; the hash is computed here.
    public init(card: ModelCard, weights: [UInt8], recipe: String? = nil, snapshotHash: String? = nil,
                metrics: [String: [String: Double]]? = nil, createdBy: String, atMs: Int64) {
        id = Self.id(task: card.task, version: card.version)
        (task, version, self.card, self.recipe, self.snapshotHash) = (card.task, card.version, card, recipe, snapshotHash)
        self.metrics = metrics ?? card.metrics
        (weightsSHA256, weightsBytes) = (ImageStore.hash(weights), weights.count)
        (createdAtMs, self.createdBy) = (atMs, createdBy)
    }

    public static func id(task: AnalysisTask, version: String) -> String { "\(task.rawValue)-\(version)" }

    /// Writes the version as a model bundle (`card.json` + `weights.safetensors`) into `directory`.
    public func writeBundle(weights: [UInt8], to directory: URL) throws {
        guard ImageStore.hash(weights) == weightsSHA256 else { throw RegistryError.weightsMismatch(id) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(weights).write(to: directory.appendingPathComponent(ModelCard.weightsFileName), options: .atomic)
        try card.write(to: directory)
    }
}
