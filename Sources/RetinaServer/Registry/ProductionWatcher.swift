import Foundation
import Logging
import RetinaAnalysis
import RetinaStore
import ServiceLifecycle

/// Keeps a server's models on what the registry's aliases name, so that a promotion or a
/// rollback made on any server (or by the CLI) reaches every server of the database within
/// `pollInterval`, without a restart: it reads the aliases, and when `production` of a task
/// (or the candidate it shadows) moved, loads the versions and swaps the whole pipeline.
/// Reports already running finish with the models they started with.
public struct ProductionWatcher: Service {
    let models: CurrentModels
    let registry: any ModelRegistry
    let loader: RegistryModelLoader
    let pollInterval: Duration
    /// Whether a task's `candidate` alias is loaded to shadow production (`ShadowRunner`).
    let shadowsCandidates: Bool
    let logger: Logger

    public init(models: CurrentModels, registry: any ModelRegistry, dataDirectory: URL, pollInterval: Duration = .seconds(2),
                shadowsCandidates: Bool = true, logger: Logger) {
        (self.models, self.registry, self.pollInterval, self.shadowsCandidates, self.logger) = (models, registry, pollInterval, shadowsCandidates, logger)
        loader = RegistryModelLoader(registry: registry, dataDirectory: dataDirectory)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await refresh()
                } catch {
                    logger.error("the registry's models could not be loaded; serving the previous ones", metadata: ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// The tasks whose candidate can shadow production: the binary findings.
    static let shadowedTasks = ["rop", "lesion"]

    /// Loads what the aliases name when it is not what is served; true when the models changed.
    @discardableResult
    public func refresh() async throws -> Bool {
        let aliases = try await registry.aliases()
        let production = Dictionary(aliases.filter { $0.alias == .production }.map { ($0.task, $0.versionID) }) { first, _ in first }
        let candidate = shadowsCandidates
            ? aliases.first { $0.alias == .candidate && Self.shadowedTasks.contains($0.task) && production[$0.task] != $0.versionID } : nil
        let served = models.current
        guard production != served.production || candidate?.versionID != served.shadow?.candidateID else { return false }
        var serving = models.bundled
        for (_, id) in production.sorted(by: { $0.key < $1.key }) { serving = try serving.replacing(with: try await loader.bundle(id: id)) }
        var shadow: CurrentModels.Shadow?
        if let candidate {
            shadow = CurrentModels.Shadow(task: candidate.task, candidateID: candidate.versionID,
                                          pipeline: AnalysisPipeline(models: try serving.replacing(with: try await loader.bundle(id: candidate.versionID))))
        }
        models.replace(CurrentModels.State(pipeline: AnalysisPipeline(models: serving), production: production, shadow: shadow))
        logger.info("models from the registry", metadata: [
            "production": .string(production.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")),
            "shadow": .string(shadow?.candidateID ?? "-"),
        ])
        return true
    }
}
