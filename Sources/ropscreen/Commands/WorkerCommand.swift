import ArgumentParser
import Foundation
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaServer
import RetinaStore
import ServiceLifecycle
import Torch

/// `ropscreen worker`: drains the job queue of a data folder or a PostgreSQL database.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Drain the job queue (re-analysing archives, recomputing reference profiles, training candidates) until stopped with SIGTERM.")

    @Option(help: "Folder of the SQLite database and the stored photographs (as for serve).")
    var dataDir = ServerConfiguration().dataDirectory.relativePath

    @Option(help: "A PostgreSQL database (postgres://…) instead of SQLite, shared with the servers.")
    var database: String?

    @Option(help: "The folder the jobs' archives lie under.")
    var importRoot: String?

    @Option(help: "This worker's name in the queue (default: worker-<host>-<pid>).")
    var workerID: String?

    @Option(help: "Seconds a claimed job stays this worker's without a sign of life.")
    var leaseSeconds = 60

    func validate() throws {
        if leaseSeconds < 5 { throw ValidationError("--lease-seconds must be at least 5") }
    }

    func run() async throws {
        var logger = Logger(label: "ropscreen-worker")
        logger.logLevel = .info
        var configuration = ServerConfiguration()
        configuration.dataDirectory = URL(fileURLWithPath: dataDir)
        configuration.importRoot = importRoot.map { URL(fileURLWithPath: $0) }
        Runtime.limitMallocArenas(2)
        Runtime.limitBLASThreads(1)
        let images = try ImageStore(directory: configuration.dataDirectory.appendingPathComponent("images"))
        let (store, runner) = try await StoreOptions.open(database: database, dataDirectory: configuration.dataDirectory, images: images, logger: logger)
        defer { runner?.cancel() }
        let pipeline = AnalysisPipeline(models: try AnalysisModels.bundled())
        let registry = RegistryService(registry: store, models: CurrentModels(pipeline.models), configuration: configuration, feedback: store, logger: logger)
        let handlers: [any JobHandler] = [ReanalysisJob(pipeline: pipeline, store: store, configuration: configuration),
                                          ProfileJob(pipeline: pipeline, configuration: configuration),
                                          TrainingJob(configuration: configuration, registry: registry)]
        let worker = JobWorker(queue: store, handlers: handlers,
                               workerID: workerID ?? "worker-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)",
                               lease: .seconds(leaseSeconds), logger: logger)
        logger.info("worker started", metadata: ["worker": .string(worker.workerID)])
        let group = ServiceGroup(configuration: .init(services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// `ropscreen jobs submit|list|cancel`.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Submit, list and cancel queued jobs.", subcommands: [Submit.self, List.self, Cancel.self])

    struct StoreLocation: ParsableArguments {
        @Option(help: "Folder of the SQLite database (as for serve).")
        var dataDir = ServerConfiguration().dataDirectory.relativePath

        @Option(help: "A PostgreSQL database (postgres://…) instead of SQLite.")
        var database: String?

        func open() async throws -> (StoreOptions.Store, Task<Void, Never>?) {
            let directory = URL(fileURLWithPath: dataDir)
            var logger = Logger(label: "ropscreen-jobs")
            logger.logLevel = .warning
            return try await StoreOptions.open(database: database, dataDirectory: directory,
                                               images: try ImageStore(directory: directory.appendingPathComponent("images")), logger: logger)
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", abstract: "Queue a job and print its id.")

        @OptionGroup var location: StoreLocation

        @Option(help: "The job type: reanalyse, profile or train.")
        var type = "reanalyse"

        @Option(help: "reanalyse: a folder of photographs under the worker's import root.")
        var folder: String?

        @Option(help: "reanalyse: a manifest under the worker's import root; profile: one of the manifests (repeat it).")
        var manifest: [String] = []

        @Option(help: "profile: the split to profile (train, validation, test, all).")
        var split = "train"

        @Option(help: "profile: whose reference profile, quality or rop.")
        var model = AnalysisTask.quality.rawValue

        @Option(help: "train: a recipe under the worker's import root.")
        var recipe: String?

        @Option(help: "train: the step count instead of the recipe's.")
        var steps: Int?

        @Option(help: "Higher runs first.")
        var priority = 0

        @Option(help: "Submitting twice with the same key queues one job.")
        var idempotencyKey: String?

        func validate() throws {
            switch type {
            case "reanalyse":
                guard (folder == nil) != manifest.isEmpty, manifest.count <= 1 else { throw ValidationError("give exactly one of --folder and --manifest") }
            case "profile":
                guard folder == nil else { throw ValidationError("a profile job reads manifests (--manifest), not a folder") }
                do { try profile.validate() } catch let error as APIError { throw ValidationError(error.message) }
            case "train":
                do { try training.validate() } catch let error as APIError { throw ValidationError(error.message) }
            default: throw ValidationError("unknown job type '\(type)' (known: reanalyse, profile, train)")
            }
        }

        var training: TrainingJob.Payload { TrainingJob.Payload(recipe: recipe ?? "", steps: steps) }

        var profile: ProfileJob.Payload { ProfileJob.Payload(manifests: manifest, split: split, model: AnalysisTask(rawValue: model)) }

        func run() async throws {
            let (store, runner) = try await location.open()
            defer { runner?.cancel() }
            let payload = switch type {
            case "profile": try JSONEncoder().encode(profile)
            case "train": try JSONEncoder().encode(training)
            default: try JSONEncoder().encode(ReanalysisJob.Payload(folder: folder, manifest: manifest.first))
            }
            let job = try await store.submit(Job(id: UUID().uuidString.lowercased(), type: type, payload: String(decoding: payload, as: UTF8.self), priority: priority,
                                                 idempotencyKey: idempotencyKey, atMs: JobWorker.nowMs))
            print(job.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The newest jobs with their state and progress.")

        @OptionGroup var location: StoreLocation

        @Option(help: "How many.")
        var limit = 20

        func run() async throws {
            let (store, runner) = try await location.open()
            defer { runner?.cancel() }
            for job in try await store.jobs(limit: limit) {
                print("\(job.id)  \(job.type)  \(job.status.rawValue)  attempt \(job.attempts)/\(job.maxAttempts)  \(Int(job.progress * 100))%"
                      + (job.lastError.map { "  error: \($0)" } ?? ""))
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a job (a running one stops at its next progress report).")

        @OptionGroup var location: StoreLocation

        @Argument(help: "The job's id.")
        var id: String

        func run() async throws {
            let (store, runner) = try await location.open()
            defer { runner?.cancel() }
            guard let job = try await store.cancel(jobID: id, atMs: JobWorker.nowMs) else { throw ValidationError("no job '\(id)'") }
            print("\(job.id)  \(job.cancelRequested ? "cancelling" : job.status.rawValue)")
        }
    }
}
