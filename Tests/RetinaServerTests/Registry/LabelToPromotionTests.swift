import Foundation
import Logging
import RetinaData
import RetinaModels
import RetinaStore
@testable import RetinaServer
import RetinaTraining
import Testing

/// Issue 18 in one flow, through the public API, with candidates the trainer made from the
/// doctors' labels: an annotator labels a training project and the locked set; the label-count
/// trigger snapshots the training project and queues a train job, and the worker fine-tunes the
/// production ROP model on that snapshot (the sound candidate). A second annotator labels the same
/// photographs the other way round, and a train job on that snapshot learns the flipped labels (the
/// worse candidate). The gate refuses the worse one with its reasons and admits the sound one after
/// its shadow runs; promotion changes the model behind new reports; rollback restores it.
/// Needs HVDROPDB-full (skips without).
@Suite("From the doctor's label to a promoted model", .serialized)
struct LabelToPromotionTests {
    /// Eight photographs of HVDROPDB-full's train split, four ROP and four normal, in `training/manifest.csv`
    /// without their diagnosis, and their truth in import order.
    static func addTrainingPhotographs(to root: URL) throws -> [Bool] {
        let source = RegistryAPITests.dataRoot.appendingPathComponent("HVDROPDB-full")
        let rows = try String(contentsOf: source.appendingPathComponent("manifest.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }.filter { $0.count > 4 && $0[1] == "train" }
        let chosen = Array(rows.filter { $0[4] == "rop" }.prefix(4)) + Array(rows.filter { $0[4] == "normal" }.prefix(4))
        let folder = root.appendingPathComponent("training")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines = [Manifest.columns.joined(separator: ",")]
        for (index, row) in chosen.enumerated() {
            let name = "\(index)\((row[0] as NSString).pathExtension.isEmpty ? "" : "." + (row[0] as NSString).pathExtension)"
            try FileManager.default.copyItem(at: source.appendingPathComponent(row[0]), to: folder.appendingPathComponent(name))
            lines.append("\(name),train" + String(repeating: ",", count: Manifest.columns.count - 2))
        }
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return chosen.map { $0[4] == "rop" }
    }

    /// Fine-tunes of the bundled ROP model, written under the import root: `sound` takes one step at
    /// a learning rate too small to move it; `careless` trains its head hard for 30 steps, enough to
    /// learn whatever labels it is given. Both keep the production threshold: two validation
    /// photographs cannot choose one.
    static func writeRecipes(to root: URL) throws {
        let repository = ModelBundle.bundledRoot().deletingLastPathComponent()
        var base = try Recipe.read(repository.appendingPathComponent("recipes/rop.json"))
        base.validationImagesPerManifest = 2
        base.minimumValidationPerClass = 5
        base.threshold = try ModelCard.read(from: CandidateBundles.bundledROP).threshold
        base.transfer = TransferLearning(initialWeights: CandidateBundles.bundledROP.appendingPathComponent(ModelCard.weightsFileName).path)
        base.schedule = .constant
        base.trainer.validateEvery = 1000
        base.trainer.earlyStoppingPatience = nil

        var sound = base
        (sound.version, sound.learningRate, sound.batchSize, sound.trainer.steps) = ("1.1.0", 1e-9, 2, 1)
        try JSONEncoder().encode(sound).write(to: root.appendingPathComponent("rop-sound.json"))
        var careless = base
        (careless.version, careless.learningRate, careless.batchSize, careless.trainer.steps) = ("1.2.0", 0.02, 8, 30)
        careless.transfer?.frozenPrefixes = ["stem.", "blocks."]
        try JSONEncoder().encode(careless).write(to: root.appendingPathComponent("rop-careless.json"))
    }

    /// A project of `manifest`'s photographs with one annotator, who labels them ROP (stage 3) or normal in queue order.
    static func labelledProject(_ client: CheckedClient, admin: Browser, _ name: String, manifest: String, annotator: String, labels: [Bool],
                                as person: Browser) async throws -> String {
        let created = try await client.json("/v1/annotation/projects", method: .post, as: admin, body: [
            "name": name, "members": [annotator], "annotatorsPerPhotograph": 1, "manifest": manifest])
        let id = try #require(created.json?["id"] as? String, "\(String(decoding: created.body, as: UTF8.self))")
        let queue = try #require(try await client.json("/v1/annotation/projects/\(id)/queue", as: person).json?["photographs"] as? [[String: Any]])
        #expect(queue.count == labels.count)
        for (item, positive) in zip(queue, labels) {
            let photograph = try #require(item["photograph"] as? String)
            let saved = try await client.json("/v1/annotation/projects/\(id)/photographs/\(photograph)/annotation", method: .put, as: person,
                                              body: ["labels": ["stage": ["option": positive ? "3" : "0"]]])
            #expect(saved.status == 200)
        }
        return id
    }

    /// The registered version a finished train job reports.
    static func version(trainedBy job: [String: Any]?) throws -> String? {
        guard let result = job?["result"] as? String else { return nil }
        return try JSONDecoder().decode(TrainingJob.Outcome.self, from: Data(result.utf8)).version
    }

    @Test("Labels → trigger → snapshot → trained candidates → the gate refuses the flipped one, admits the sound one → shadow → promotion → rollback")
    func oneFlow() async throws {
        guard let (root, lockedTruth) = try RegistryAPITests.importRoot() else { return }
        defer { try? FileManager.default.removeItem(at: root) }
        let trainingTruth = try Self.addTrainingPhotographs(to: root)
        try Self.writeRecipes(to: root)
        let fixture = try RegistryFixture(importRoot: root)
        defer { fixture.cleanUp() }
        try await fixture.addUsers([("root", .admin), ("ann", .annotator), ("bea", .annotator)])
        let logger = { var logger = Logger(label: "test"); logger.logLevel = .critical; return logger }()
        let shadowing = Task { try? await fixture.shadow.run() }
        defer { shadowing.cancel() }
        let worker = JobWorker(queue: fixture.store, handlers: [TrainingJob(configuration: fixture.service.configuration, registry: fixture.registry)],
                               logger: logger)
        let photos = try (0 ..< lockedTruth.count).map { try [UInt8](Data(contentsOf: root.appendingPathComponent("locked/\($0).jpg"))) }

        try await fixture.withClient { client in
            let admin = try await client.signIn("root")
            let (ann, bea) = (try await client.signIn("ann"), try await client.signIn("bea"))
            let locked = try await Self.labelledProject(client, admin: admin, "locked set", manifest: "locked/manifest.csv", annotator: "ann", labels: lockedTruth, as: ann)
            #expect(try await client.json("/v1/registry/rop/locked-set", method: .post, as: admin, body: ["project": locked]).status == 200)

            // The doctor's labels of the training photographs reach the trigger's milestone: one snapshot, one job, one candidate.
            let training = try await Self.labelledProject(client, admin: admin, "training", manifest: "training/manifest.csv", annotator: "ann", labels: trainingTruth, as: ann)
            let trigger = TrainingTrigger(
                settings: .init(recipe: "rop-sound.json", everyLabels: 8, projects: [training]), annotations: fixture.store, queue: fixture.store,
                monitor: nil, snapshotter: { try await fixture.registry.takeSnapshot(projects: $0, annotation: fixture.annotation, actor: "training-trigger").hash },
                countLabels: { try await fixture.annotation.referenceCount(inProjects: [training]) }, logger: logger)
            let queued = try await trigger.check()
            #expect(queued.count == 1)
            #expect(try await worker.drainOne())
            let soundJob = try await client.request("/v1/jobs/\(try #require(queued.first).id)")
            #expect(soundJob.json?["status"] as? String == "succeeded", "\(soundJob.json ?? [:])")
            let soundID = try #require(try Self.version(trainedBy: soundJob.json))
            let soundVersion = try await fixture.store.modelVersion(id: soundID)
            #expect(soundID == "rop-1.1.0" && soundVersion?.snapshotHash != nil)

            // A careless annotator labels the same photographs the other way round; a job trains on that snapshot.
            let flippedProject = try await Self.labelledProject(client, admin: admin, "careless", manifest: "training/manifest.csv", annotator: "bea", labels: trainingTruth.map { !$0 }, as: bea)
            let snapshot = try await client.json("/v1/registry/snapshots", method: .post, as: admin, body: ["projects": [flippedProject]])
            #expect(snapshot.status == 201 && snapshot.json?["positives"] as? Int == 4)
            let hash = try #require(snapshot.json?["hash"] as? String)
            let submitted = try await client.json("/v1/jobs", method: .post, as: admin, body: ["type": "train", "recipe": "rop-careless.json", "snapshot": hash])
            #expect(submitted.status == 202, "\(String(decoding: submitted.body, as: UTF8.self))")
            #expect(try await worker.drainOne())
            let flippedJob = try await client.request("/v1/jobs/\(try #require(submitted.json?["id"] as? String))")
            #expect(flippedJob.json?["status"] as? String == "succeeded", "\(flippedJob.json ?? [:])")
            let flippedID = try #require(try Self.version(trainedBy: flippedJob.json))

            let refused = try await client.json("/v1/registry/rop/gate", method: .post, as: admin, body: ["candidate": flippedID])
            #expect(refused.json?["admitted"] as? Bool == false, "\(refused.json ?? [:])")
            let reasons = refused.json?["reasons"] as? [String] ?? []
            // Refused for what it does on the locked set, not for a figure it could not reproduce or its speed.
            #expect(reasons.contains { $0.hasPrefix("failed auc") || $0.hasPrefix("failed sensitivity") }, "\(reasons)")
            #expect(reasons.contains { $0.hasPrefix("passed card") } && reasons.contains { $0.hasPrefix("passed latency") }, "\(reasons)")
            #expect(try await client.json("/v1/registry/rop/promote", method: .post, as: admin, body: ["version": flippedID]).status == 409)

            // The sound candidate shadows production on live reports, is admitted, promoted, and rolled back.
            #expect(try await client.json("/v1/registry/rop/candidate", method: .post, as: admin, body: ["version": soundID]).status == 200)
            var probe: [UInt8]?
            for photo in photos where probe == nil {
                let answered = try await client.analyse(photo, query: RegistryAPITests.findingOnly)
                if answered.status == 200 {
                    probe = photo
                    #expect((answered.json?["modelVersions"] as? [String: String])?["rop"] == "1.0.0")
                }
            }
            let photo = try #require(probe)
            var shadowed: [ShadowResult] = []
            for _ in 0 ..< 600 where shadowed.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                shadowed = try await fixture.store.shadowResults(candidateID: soundID, limit: 10)
            }
            #expect(!shadowed.isEmpty)
            let admitted = try await client.json("/v1/registry/rop/gate", method: .post, as: admin, body: ["candidate": soundID])
            #expect(admitted.json?["admitted"] as? Bool == true, "\(admitted.json?["reasons"] ?? "")")
            #expect(try await client.json("/v1/registry/rop/promote", method: .post, as: admin, body: ["version": soundID]).status == 200)
            #expect((try await client.analyse(photo, query: RegistryAPITests.findingOnly).json?["modelVersions"] as? [String: String])?["rop"] == "1.1.0",
                    "new reports use the promoted model")
            #expect(try await client.json("/v1/registry/rop/rollback", method: .post, as: admin, body: ["reason": "test of rollback"]).status == 200)
            #expect((try await client.analyse(photo, query: RegistryAPITests.findingOnly).json?["modelVersions"] as? [String: String])?["rop"] == "1.0.0",
                    "rollback restores the model")
        }
        fixture.shadow.finish()
        await shadowing.value
    }
}
