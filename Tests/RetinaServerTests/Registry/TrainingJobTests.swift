import Foundation
import FundusImaging
import Logging
import RetinaData
import RetinaModels
import RetinaStore
@testable import RetinaServer
@testable import RetinaTraining
import Testing

/// `train` jobs: a recipe under the import root trained by a worker, its progress in the job,
/// the bundle registered and made the candidate; a cancellation stops the training.
@Suite("Training jobs")
struct TrainingJobTests {
    /// A tiny laterality data set (a bright disc on the side of the eye) and its recipe, under a new import root.
    static func importRoot(steps: Int) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("training-job-\(UUID())")
        let data = root.appendingPathComponent("synthetic")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var lines = [Manifest.columns.joined(separator: ",")]
        for i in 0 ..< 16 {
            var image = try SyntheticFundus(size: 64, seed: UInt64(i)).draw().image
            let right = i % 2 == 0
            try image.drawCircle(center: Point(x: right ? 48 : 16, y: 32), radius: 8, color: Color(250, 250, 210), thickness: -1)
            try Data(image.pngData()).write(to: data.appendingPathComponent("\(i).png"))
            lines.append("\(i).png,train,\(right ? "right" : "left"),,,,,,,,,,,,")
        }
        try lines.joined(separator: "\n").write(to: data.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        let recipe = Recipe(
            task: .laterality, name: "laterality-tiny", version: "9.0.0", seed: 3, manifests: ["synthetic/manifest.csv"],
            validationImagesPerManifest: 4, balanceManifests: nil,
            architecture: .resnet(ResNetConfiguration(classes: 2, widths: [8, 16], blocksPerStage: 1)),
            preprocessing: Preprocessing(clahe: false, normalization: Normalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                                         cropToFieldOfView: true, inputSize: 48),
            geometry: RandomGeometry(rotationDegrees: -5...5), photometry: RandomPhotometry(brightness: -5...5),
            batchSize: 8, learningRate: 0.01, weightDecay: 0, schedule: .constant,
            trainer: TrainerConfiguration(steps: steps, validateEvery: 10, logEvery: 10, gradientClipNorm: 5, monitor: "accuracy"),
            threshold: 0.5, transfer: nil)
        try JSONEncoder().encode(recipe).write(to: root.appendingPathComponent("laterality-tiny.json"))
        return root
    }

    @Test("A train job submitted over the API trains the recipe, shows its steps, and leaves the model as its task's candidate")
    func trainsAndNominates() async throws {
        let root = try Self.importRoot(steps: 1000)
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try RegistryFixture(importRoot: root)
        defer { fixture.cleanUp() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let worker = JobWorker(queue: fixture.store, handlers: [TrainingJob(configuration: fixture.service.configuration, registry: fixture.registry)],
                               logger: logger)
        try await fixture.withClient { client in
            let refused = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                                                   body: AnnotationAPITests.json(["type": "train", "recipe": "laterality-tiny.json", "steps": 0]))
            #expect(refused.errorCode == "INVALID_PARAMETER")
            let submitted = try await client.request("/v1/jobs", method: .post, headers: [.contentType: "application/json"],
                                                     body: AnnotationAPITests.json(["type": "train", "recipe": "laterality-tiny.json", "steps": 20]))
            #expect(submitted.status == 202)
            let id = try #require(submitted.json?["id"] as? String)
            #expect(try await worker.drainOne())
            let done = try await client.request("/v1/jobs/\(id)")
            #expect(done.json?["status"] as? String == "succeeded", "\(done.json ?? [:])")
            let outcome = try JSONDecoder().decode(TrainingJob.Outcome.self, from: Data(try #require(done.json?["result"] as? String).utf8))
            #expect(outcome.task == .laterality && outcome.steps == 20)
            let card = try ModelCard.read(from: fixture.service.configuration.dataDirectory.appendingPathComponent(outcome.model))
            #expect(card.training?.recipe == "laterality-tiny.json" && card.version == "9.0.0")
            let version = try #require(outcome.version)
            #expect(try await fixture.store.alias(.candidate, task: "laterality")?.versionID == version)
        }
    }

    @Test("From the doctors' labels to a candidate: the label-count trigger snapshots the project, the job trains on the snapshot, the version names it")
    func labelsToCandidate() async throws {
        let root = try Self.importRoot(steps: 20)
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try RegistryFixture(importRoot: root)
        defer { fixture.cleanUp() }
        try await fixture.addUsers([("root", .admin), ("ann", .annotator), ("bea", .annotator), ("adj", .adjudicator)])
        let logger = { var logger = Logger(label: "test"); logger.logLevel = .critical; return logger }()
        let snapshots = NoteBox()
        let snapshotter: TrainingTrigger.Snapshotter = { projects in
            let taken = try await fixture.registry.takeSnapshot(projects: projects, annotation: fixture.annotation, actor: "training-trigger")
            snapshots.append(taken.hash)
            return taken.hash
        }
        try await fixture.withClient { client in
            let admin = try await client.signIn("root")
            let created = try await client.json("/v1/annotation/projects", method: .post, as: admin, body: [
                "name": "laterality", "members": ["ann", "bea", "adj"], "annotatorsPerPhotograph": 2, "manifest": "synthetic/manifest.csv"])
            let project = try #require(created.json?["id"] as? String, "\(String(decoding: created.body, as: UTF8.self))")
            let (ann, bea) = (try await client.signIn("ann"), try await client.signIn("bea"))
            let queue = try #require((try await client.json("/v1/annotation/projects/\(project)/queue?limit=100", as: ann)).json?["photographs"] as? [[String: Any]])
            #expect(queue.count == 16)
            // Both annotators give each photograph the eye its disc shows (right on the even rows of the manifest); the adjudicator
            // confirms it on half of them: the other half's agreed labels are references too.
            let adj = try await client.signIn("adj")
            for item in queue {
                let photograph = try #require(item["photograph"] as? String), position = try #require(item["position"] as? Int)
                let eye = position % 2 == 0 ? "right" : "left"
                for person in [ann, bea] {
                    let saved = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photograph)/annotation", method: .put, as: person,
                                                      body: ["labels": ["stage": ["option": "0"], "eye": ["option": eye]]])
                    #expect(saved.status == 200)
                }
                guard position < 8 else { continue }
                let resolved = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photograph)/reference", method: .put, as: adj,
                                                     body: ["decisions": ["eye": ["option": eye]]])
                #expect(resolved.status == 200, "\(String(decoding: resolved.body, as: UTF8.self))")
            }
            #expect(try await fixture.store.referenceCount() == 8)
            #expect(try await fixture.annotation.referenceCount(inProjects: [project, "no-such-project"]) == 16)

            // Counting only adjudicated references, 8 labels are no milestone of 16; counting what the snapshot holds, they are.
            let adjudicatedOnly = TrainingTrigger(settings: .init(recipe: "laterality-tiny.json", everyLabels: 16, projects: [project]),
                                                  annotations: fixture.store, queue: fixture.store, monitor: nil, snapshotter: snapshotter, logger: logger)
            #expect(try await adjudicatedOnly.check().isEmpty && snapshots.count == 0)
            let triggered = TrainingTrigger(settings: .init(recipe: "laterality-tiny.json", everyLabels: 16, projects: [project]),
                                            annotations: fixture.store, queue: fixture.store, monitor: nil, snapshotter: snapshotter,
                                            countLabels: { try await fixture.annotation.referenceCount(inProjects: [project]) }, logger: logger)
            let queued = try await triggered.check()
            #expect(queued.count == 1 && snapshots.count == 1)
            #expect(try await triggered.check().map(\Job.id) == queued.map(\Job.id) && snapshots.count == 1, "no second snapshot for the same milestone")
            let hash = try #require(snapshots.all.first)
            let payload = try JSONDecoder().decode(TrainingJob.Payload.self, from: Data(try #require(queued.first).payload.utf8))
            #expect(payload.snapshot == hash)

            let worker = JobWorker(queue: fixture.store, handlers: [TrainingJob(configuration: fixture.service.configuration, registry: fixture.registry)],
                                   logger: logger)
            #expect(try await worker.drainOne())
            let jobID = try #require(queued.first).id
            let done = try await client.request("/v1/jobs/\(jobID)")
            #expect(done.json?["status"] as? String == "succeeded", "\(done.json ?? [:])")
            let outcome = try JSONDecoder().decode(TrainingJob.Outcome.self, from: Data(try #require(done.json?["result"] as? String).utf8))
            let card = try ModelCard.read(from: fixture.service.configuration.dataDirectory.appendingPathComponent(outcome.model))
            #expect(card.training?.data == [SnapshotTrainingData.manifestPath])
            let versionID = try #require(outcome.version)
            let version = try #require(try await fixture.store.modelVersion(id: versionID))
            #expect(version.snapshotHash == hash)
            #expect(try await fixture.store.alias(.candidate, task: "laterality")?.versionID == version.id)
        }
    }

    @Test("Cancelling a running train job stops the training at its next step")
    func cancellation() async throws {
        let root = try Self.importRoot(steps: 100_000)
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = try RegistryFixture(importRoot: root)
        defer { fixture.cleanUp() }
        let handler = TrainingJob(configuration: fixture.service.configuration, registry: nil)
        let job = Job(id: "long", type: "train", payload: #"{"recipe":"laterality-tiny.json"}"#, atMs: 0)
        let notes = NoteBox()
        await #expect(throws: JobStopped.self) {
            _ = try await handler.run(job) { _, note in
                notes.append(note)
                return notes.count < 3  // cancelled after a second or so
            }
        }
        #expect(notes.all.contains { $0.hasPrefix("step ") && $0.contains("/100000") && $0.contains("ETA") }, "\(notes.all)")
    }
}

final class NoteBox: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []
    func append(_ note: String) { lock.withLock { notes.append(note) } }
    var count: Int { lock.withLock { notes.count } }
    var all: [String] { lock.withLock { notes } }
}
