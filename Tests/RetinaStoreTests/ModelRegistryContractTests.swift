import Foundation
import FundusImaging
import RetinaModels
import Testing
@testable import RetinaStore

@Suite("Model registry contract")
struct ModelRegistryContractTests {
    static func registry(_ backend: StoreBackend) async throws -> (any ModelRegistry & AnnotationRepository, StoreUnderTest) {
        let store = try await backend.make()
        return (try #require(store.repository as? any ModelRegistry & AnnotationRepository), store)
    }

    static func card(version: String, task: AnalysisTask = .rop, auc: Double = 0.9) -> ModelCard {
        ModelCard(name: task.rawValue, version: version, task: task,
                  architecture: .efficientNetLite(EfficientNetLiteConfiguration(classes: 2, blocks: 1)),
                  preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1])),
                  labels: ["normal", "rop"], threshold: 0.3, metrics: ["locked": ["auc": auc, "sensitivity": 0.95]])
    }

    static func register(_ registry: any ModelRegistry, version: String, task: AnalysisTask = .rop, at: Int64) async throws -> ModelVersion {
        let weights = Array("weights of \(task.rawValue) \(version)".utf8)
        let model = ModelVersion(card: card(version: version, task: task), weights: weights, recipe: #"{"name":"rop"}"#,
                                 snapshotHash: String(repeating: "5", count: 64), createdBy: "trainer", atMs: at)
        try await registry.register(model, weights: weights, actor: "trainer")
        return model
    }

    @Test("A registered version comes back whole with its weights; a version number is registered once", arguments: StoreBackend.available)
    func registerAndRead(backend: StoreBackend) async throws {
        let (registry, store) = try await Self.registry(backend)
        defer { store.cleanUp() }
        let first = try await Self.register(registry, version: "1.0.0", at: 10)
        let second = try await Self.register(registry, version: "1.1.0", at: 20)
        _ = try await Self.register(registry, version: "1.0.0", task: .quality, at: 30)
        #expect(try await registry.modelVersion(id: "rop-1.0.0") == first)
        #expect(try await registry.modelVersions(task: "rop").map(\.id) == ["rop-1.1.0", "rop-1.0.0"])
        #expect(try await registry.weights(of: second) == Array("weights of rop 1.1.0".utf8))
        // The weights file is content-addressed under the store's root, never half-written.
        let file = store.directory.appendingPathComponent("models/\(second.weightsSHA256.prefix(2))/\(second.weightsSHA256).bin")
        #expect(FileManager.default.fileExists(atPath: file.path))
        await #expect(throws: RegistryError.versionExists("rop-1.0.0")) {
            try await registry.register(first, weights: Array("weights of rop 1.0.0".utf8), actor: "trainer")
        }
        await #expect(throws: RegistryError.weightsMismatch("rop-1.1.0")) {
            try await registry.register(second, weights: [1, 2, 3], actor: "trainer")
        }
        #expect(try await registry.modelVersion(id: "missing") == nil)
        #expect(try await registry.auditEntries().map(\.action) == ["model.register", "model.register", "model.register"])
    }

    @Test("Aliases move only to a version of their task; every move is recorded and audited; rollback walks back", arguments: StoreBackend.available)
    func aliasesAndRollback(backend: StoreBackend) async throws {
        let (registry, store) = try await Self.registry(backend)
        defer { store.cleanUp() }
        for (index, version) in ["1.0.0", "1.1.0", "1.2.0"].enumerated() { _ = try await Self.register(registry, version: version, at: Int64(index)) }
        _ = try await Self.register(registry, version: "2.0.0", task: .quality, at: 5)
        await #expect(throws: RegistryError.nothingToRollBack(task: "rop")) {
            try await registry.rollBackProduction(task: "rop", actor: "root", reason: nil, atMs: 9)
        }
        try await registry.moveAlias(.production, task: "rop", to: "rop-1.0.0", kind: .promote, actor: "root", reason: "first", atMs: 10)
        try await registry.moveAlias(.candidate, task: "rop", to: "rop-1.1.0", kind: .nominate, actor: "trainer", reason: nil, atMs: 11)
        let promoted = try await registry.moveAlias(.production, task: "rop", to: "rop-1.1.0", kind: .promote, actor: "root", reason: "gate", atMs: 12)
        #expect(promoted.fromVersionID == "rop-1.0.0" && promoted.sequence != nil)
        try await registry.moveAlias(.production, task: "rop", to: "rop-1.2.0", kind: .promote, actor: "root", reason: "gate", atMs: 13)
        await #expect(throws: RegistryError.wrongTask(version: "quality-2.0.0", task: "rop")) {
            try await registry.moveAlias(.production, task: "rop", to: "quality-2.0.0", kind: .promote, actor: "root", reason: nil, atMs: 14)
        }
        await #expect(throws: RegistryError.unknownVersion("rop-9")) {
            try await registry.moveAlias(.production, task: "rop", to: "rop-9", kind: .promote, actor: "root", reason: nil, atMs: 14)
        }
        #expect(try await registry.alias(.production, task: "rop")?.versionID == "rop-1.2.0")
        let back = try await registry.rollBackProduction(task: "rop", actor: "root", reason: "sensitivity fell in clinic", atMs: 20)
        #expect(back.kind == .rollback && back.fromVersionID == "rop-1.2.0" && back.toVersionID == "rop-1.1.0")
        try await registry.rollBackProduction(task: "rop", actor: "root", reason: nil, atMs: 21)
        #expect(try await registry.alias(.production, task: "rop")?.versionID == "rop-1.0.0")
        #expect(try await registry.alias(.candidate, task: "rop")?.versionID == "rop-1.1.0")
        #expect(try await registry.alias(.production, task: "quality") == nil)
        #expect(try await registry.aliases().map { "\($0.task)/\($0.alias.rawValue)" } == ["rop/candidate", "rop/production"])
        #expect(try await registry.aliasMoves(task: "rop").map(\.kind) == [.promote, .nominate, .promote, .promote, .rollback, .rollback])
        let trail = try await registry.auditEntries().filter { $0.action.hasPrefix("model.alias") }
        #expect(trail.map(\.action) == ["model.alias.promote", "model.alias.nominate", "model.alias.promote", "model.alias.promote",
                                        "model.alias.rollback", "model.alias.rollback"])
        #expect(trail[4].entity == "model/rop/production" && trail[4].before == #"{"version":"rop-1.2.0"}"#)
        #expect(try await registry.verifyAuditTrail().isIntact)
    }

    @Test("Concurrent alias moves all land, each audited once, in a chain that verifies", arguments: StoreBackend.available)
    func concurrentMoves(backend: StoreBackend) async throws {
        let (registry, store) = try await Self.registry(backend)
        defer { store.cleanUp() }
        for i in 0 ..< 6 { _ = try await Self.register(registry, version: "1.\(i).0", at: Int64(i)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0 ..< 6 {
                group.addTask {
                    try await registry.moveAlias(.production, task: "rop", to: "rop-1.\(i).0", kind: .promote, actor: "s\(i)", reason: nil, atMs: 100 + Int64(i))
                }
            }
            try await group.waitForAll()
        }
        let moves = try await registry.aliasMoves(task: "rop")
        #expect(moves.count == 6)
        // Each move starts where the one before it ended: none was lost between two servers.
        #expect(moves.dropFirst().enumerated().allSatisfy { $0.element.fromVersionID == moves[$0.offset].toVersionID })
        #expect(try await registry.alias(.production, task: "rop")?.versionID == moves.last?.toVersionID)
        #expect(try await registry.verifyAuditTrail().isIntact)
    }

    @Test("Verdicts are kept with their reasons and figures; the locked set only grows and keeps its photographs", arguments: StoreBackend.available)
    func verdictsAndLockedSet(backend: StoreBackend) async throws {
        let (registry, store) = try await Self.registry(backend)
        defer { store.cleanUp() }
        _ = try await Self.register(registry, version: "1.0.0", at: 1)
        let verdict = StoredGateVerdict(id: "v1", task: "rop", candidateID: "rop-1.0.0", productionID: nil, admitted: false,
                                        reasons: ["sensitivity fell", "too slow"], figures: ["candidate.sensitivity": 0.5], actor: "root", atMs: 2)
        try await registry.saveVerdict(verdict)
        #expect(try await registry.verdicts(task: "rop", limit: 10) == [verdict])
        #expect(try await registry.verdicts(task: "quality", limit: 10).isEmpty)

        let images: [[UInt8]] = [[1, 2, 3], [4, 5, 6]]
        let locked = zip(images, [true, false]).map { image, positive in
            LockedPhotograph(task: "rop", imageSHA256: ImageStore.hash(image), positive: positive, source: "test", addedAtMs: 3, addedBy: "root")
        }
        try await registry.addToLockedSet(locked, images: images, actor: "root", atMs: 3)
        var relabelled = locked[0]
        relabelled.positive = false
        try await registry.addToLockedSet([relabelled], images: [images[0]], actor: "root", atMs: 4)
        #expect(try await registry.lockedSet(task: "rop") == locked, "a photograph already locked keeps its label")
        #expect(try await registry.lockedImage(sha256: locked[1].imageSHA256) == images[1])
        await #expect(throws: StoreError.self) {
            try await registry.addToLockedSet(locked, images: [images[0]], actor: "root", atMs: 5)
        }
        // Retention keeps a locked photograph even when the analysis that brought it expires.
        let analyses = try #require(registry as? any AnalysisRepository)
        try await analyses.save(AnalysisRepositoryContractTests.report("old"), image: images[0], at: Date(timeIntervalSince1970: 0))
        #expect(try await analyses.removeImages(olderThan: Date()) == 0)
        #expect(try await registry.lockedImage(sha256: locked[0].imageSHA256) == images[0])
        #expect(try await registry.auditEntries().map(\.action).suffix(3) == ["model.gate", "lockedset.add", "lockedset.add"])
    }

    @Test("Shadow findings are kept per analysis and candidate, a second one replacing the first, newest first", arguments: StoreBackend.available)
    func shadowResults(backend: StoreBackend) async throws {
        let (registry, store) = try await Self.registry(backend)
        defer { store.cleanUp() }
        let candidate = try await Self.register(registry, version: "1.1.0", at: 1)
        func result(_ analysis: String, agrees: Bool, at: Int64) -> ShadowResult {
            ShadowResult(analysisID: analysis, candidateID: candidate.id, task: "rop", productionVersion: "rop-1.0.0", productionPositive: true,
                         candidatePositive: agrees, productionProbability: 0.9, candidateProbability: agrees ? 0.8 : 0.01, candidateMs: 40, atMs: at)
        }
        try await registry.saveShadowResult(result("a", agrees: false, at: 10))
        try await registry.saveShadowResult(result("b", agrees: true, at: 20))
        try await registry.saveShadowResult(result("a", agrees: true, at: 30))
        let kept = try await registry.shadowResults(candidateID: candidate.id, limit: 10)
        #expect(kept.map(\.analysisID) == ["a", "b"] && kept.allSatisfy(\.agrees))
        #expect(try await registry.shadowResults(candidateID: "rop-9", limit: 10).isEmpty)
    }

    @Test("A snapshot is kept by its content's hash, once, and comes back verified", arguments: StoreBackend.available)
    func snapshots(backend: StoreBackend) async throws {
        let (registry, store) = try await Self.registry(backend)
        defer { store.cleanUp() }
        let content = Array(#"{"manifest":"image,split\n"}"#.utf8)
        let snapshot = DataSnapshot(content: content, photographs: 3, positives: 1, feedback: 2, lockedOut: 1, projects: ["p1"], createdBy: "root", atMs: 5)
        try await registry.saveSnapshot(snapshot, content: content, actor: "root")
        try await registry.saveSnapshot(snapshot, content: content, actor: "root")
        #expect(try await registry.snapshots() == [snapshot])
        #expect(try await registry.snapshot(hash: snapshot.hash) == snapshot)
        #expect(try await registry.snapshotContent(hash: snapshot.hash) == content)
        await #expect(throws: RegistryError.contentMismatch("snapshot \(snapshot.hash)")) {
            try await registry.saveSnapshot(snapshot, content: [1], actor: "root")
        }
        #expect(try await registry.auditEntries().map(\.action) == ["snapshot.take"])
    }
}
