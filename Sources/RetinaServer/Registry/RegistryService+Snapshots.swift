import RetinaStore

extension RegistryService {
    /// Takes a labelled-data snapshot of `projects` and of the doctors' confirmations (admin); the same data twice is one snapshot.
    public func takeSnapshot(projects: [String], annotation: AnnotationService, by user: SignedInUser) async throws -> DataSnapshot {
        try AnnotationService.require(user, .admin)
        return try await takeSnapshot(projects: projects, annotation: annotation, actor: user.username)
    }

    /// The same, taken by the system (`actor` names what took it, as the training trigger does).
    public func takeSnapshot(projects: [String], annotation: AnnotationService, actor: String) async throws -> DataSnapshot {
        let builder = DataSnapshotBuilder(registry: registry, annotation: annotation, analyses: registry as? any AnalysisRepository, feedback: feedback)
        let (snapshot, content) = try await builder.build(projects: projects, actor: actor, atMs: Self.nowMs)
        try await registry.saveSnapshot(snapshot, content: content, actor: actor)
        return try await registry.snapshot(hash: snapshot.hash) ?? snapshot
    }
}
