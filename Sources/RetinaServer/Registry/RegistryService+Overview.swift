import RetinaModels
import RetinaStore

extension RegistryService {
    /// Every task the registry or the gate knows, for anyone signed in.
    func overview(for user: SignedInUser) async throws -> RegistryOverview {
        let aliases = try await registry.aliases()
        let tasks = Set(aliases.map(\.task)).union(Self.judgedTasks.map(\.rawValue)).sorted()
        let served = models.current.production
        var entries: [TaskRegistry] = []
        for task in tasks {
            let candidate = aliases.first { $0.task == task && $0.alias == .candidate }?.versionID
            let locked = try await registry.lockedSet(task: task)
            var shadow: ShadowAgreement?
            if let candidate { shadow = try await shadowAgreement(candidateID: candidate) }
            entries.append(TaskRegistry(
                task: task, production: aliases.first { $0.task == task && $0.alias == .production }?.versionID, candidate: candidate,
                served: served[task], versions: try await registry.modelVersions(task: task).map(ModelVersionView.init),
                verdicts: try await registry.verdicts(task: task, limit: 20), moves: try await registry.aliasMoves(task: task),
                lockedSet: LockedSetSummary(photographs: locked.count, positive: locked.count(where: \.positive)),
                shadow: shadow))
        }
        return RegistryOverview(tasks: entries)
    }

    func lockedSetSummary(task: AnalysisTask) async throws -> LockedSetSummary {
        let locked = try await registry.lockedSet(task: task.rawValue)
        return LockedSetSummary(photographs: locked.count, positive: locked.count(where: \.positive))
    }
}
