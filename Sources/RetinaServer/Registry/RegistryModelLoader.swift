import Foundation
import RetinaModels
import RetinaStore

/// Turns a registry version into a loaded model bundle: its weights and card written once
/// into `<data>/model-cache/<version>/` (into a folder beside it, renamed into place, so a
/// crashed write is never taken for a bundle), then loaded strictly, as any bundle is.
struct RegistryModelLoader: Sendable {
    let registry: any ModelRegistry
    let cacheDirectory: URL

    init(registry: any ModelRegistry, dataDirectory: URL) {
        self.registry = registry
        cacheDirectory = dataDirectory.appendingPathComponent("model-cache")
    }

    func bundle(of version: ModelVersion) async throws -> ModelBundle {
        let directory = cacheDirectory.appendingPathComponent(version.id)
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(ModelCard.fileName).path) {
            guard let weights = try await registry.weights(of: version) else { throw RegistryError.weightsMismatch(version.id) }
            let staging = cacheDirectory.appendingPathComponent(".\(version.id).\(UUID().uuidString).partial")
            try version.writeBundle(weights: weights, to: staging)
            do {
                try FileManager.default.moveItem(at: staging, to: directory)
            } catch {
                try? FileManager.default.removeItem(at: staging)
                // Another server of this folder wrote the same version first.
                guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(ModelCard.fileName).path) else { throw error }
            }
        }
        return try ModelBundle(directory: directory)
    }

    func bundle(id: String) async throws -> ModelBundle {
        guard let version = try await registry.modelVersion(id: id) else { throw RegistryError.unknownVersion(id) }
        return try await bundle(of: version)
    }
}
