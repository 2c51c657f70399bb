import ArgumentParser
import Foundation
import Hummingbird
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaMonitoring
import RetinaServer
import RetinaStore
import Torch

/// `ropscreen serve`: the analysis service over HTTP, with the web viewer.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the analysis API and the web viewer (bundled models, SQLite in --data-dir).")

    /// Every default is the configuration's own, so the two cannot drift apart.
    static let defaults = ServerConfiguration()

    @Option(help: "Address to bind (127.0.0.1: this machine only).")
    var host = defaults.host

    @Option(help: "Port.")
    var port = defaults.port

    @Option(help: "Folder for the SQLite database and the stored photographs.")
    var dataDir = defaults.dataDirectory.relativePath

    @Option(help: "A PostgreSQL database (postgres://user:password@host:port/database) instead of SQLite, for several servers; photographs stay in --data-dir/images, which they must then share.")
    var database: String?

    @Option(help: "Largest request body, in megabytes.")
    var maxBodyMegabytes = defaults.maximumBodyBytes / (1024 * 1024)

    @Option(help: "Largest photograph, in megapixels (checked before decoding).")
    var maxMegapixels = defaults.maximumPixels / 1_000_000

    @Option(help: "Seconds a request may take before it is answered TIMEOUT.")
    var timeout = Int(defaults.requestTimeout.components.seconds)

    @Option(help: "Requests waiting or running before new ones are answered OVERLOADED.")
    var queueCapacity = defaults.queueCapacity

    @Option(help: "Photographs analysed together in one batch.")
    var batchSize = defaults.maximumBatchSize

    @Option(help: "Milliseconds the first request of a batch waits for others.")
    var batchWaitMs = Int(defaults.batchWait / .milliseconds(1))

    @Option(help: "Diameter, in pixels, the field of view is scaled to for the vessel map (0: the photograph's own resolution).")
    var vesselFieldDiameter = defaults.vesselFieldDiameter ?? 0

    @Option(help: "Arithmetic of the U-Nets: auto (bfloat16 for vessels and ridge where the CPU has it natively, within ONEDNN_MAX_CPU_ISA; else int8 for those whose bundle has an int8 calibration; else float32), float32, bfloat16 or int8.")
    var precision: ModelPrecision = .automatic

    @Flag(help: "Run the float32 networks as loaded, without their inference form (batch norm folded, channels-last): for comparison.")
    var noInferenceForm = false

    @Option(help: "Batches analysed at once, each on its own thread.")
    var workers = defaults.workers

    @Option(help: "A file of API keys, one per line; a line 'revoked KEY' revokes one. Without it, /v1 is open.")
    var apiKeys: String?

    @Option(help: "Days a stored photograph is kept (0: forever); reports are kept.")
    var retentionDays = defaults.imageRetentionDays ?? 0

    @Option(help: "Labelling: the folder whose manifests admins may import into projects (default: none, no imports).")
    var importRoot: String?

    @Option(help: "Labelling: minutes without a request before a signed-in session ends.")
    var sessionIdleMinutes = Int(defaults.sessionIdleTimeout.components.seconds / 60)

    @Flag(help: "Labelling: session cookies without Secure, for a server reached over plain HTTP from another machine (behind no TLS proxy).")
    var insecureCookies = false

    @Option(help: "DICOMweb root of the PACS that gets the results of DICOM analyses (secondary capture and SR by STOW-RS to <url>/studies).")
    var pacsURL: String?

    @Option(help: "Also listen for DICOM C-STORE (DIMSE) on this port: devices and PACS push objects, each is analysed like a STOW-RS instance.")
    var dicomPort: Int?

    @Option(help: "The AE title the DICOM listener answers to (associations calling another are refused).")
    var dicomAeTitle = DIMSESettings().aeTitle

    @Option(help: "The hospital's namespace of patient IDs, for FHIR reports (Identifier.system).")
    var patientIdSystem: String?

    static let monitoringDefaults = MonitoringSettings()

    @Flag(help: "Record no input profiles and watch no drift (GET /v1/monitoring and feedback answer NOT_FOUND).")
    var noMonitoring = false

    @Option(help: "Analyses (and confirmations) in monitoring's window by count.")
    var monitoringWindow = monitoringDefaults.statistics.windowCount

    @Option(help: "Hours covered by monitoring's window by time.")
    var monitoringHours = monitoringDefaults.statistics.windowDuration / 3600

    @Option(help: "Seconds between monitoring evaluations (metrics, log, webhook).")
    var monitoringInterval = Int(monitoringDefaults.evaluationInterval.components.seconds)

    @Option(help: "URL the monitoring state is POSTed to when a drift or an alert appears or clears (retried with backoff).")
    var webhookUrl: String?

    @Option(help: "Seconds a stopping server (SIGTERM) answers /readyz 503 while still serving, before it finishes its requests and closes.")
    var drainSeconds = Int(ServerConfiguration().drainPeriod.components.seconds)

    @Option(help: "Seconds between looks at the model registry's production aliases (a promotion anywhere reaches this server within them).")
    var registryPollSeconds = 2

    @Option(help: "A recipe under the workers' import root that training jobs train when a trigger fires (--train-every-labels, --train-on-drift).")
    var trainRecipe: String?

    @Option(help: "Queue a training job every N adjudicated references (the snapshot a job trains on also holds the labels all annotators agreed on).")
    var trainEveryLabels: Int?

    @Flag(help: "Queue a training job (at most one a day) while monitoring sees drift.")
    var trainOnDrift = false

    @Option(help: "Labelling projects (comma-separated) whose data snapshot each triggered training job trains on, instead of the recipe's manifests.")
    var trainProjects: String?

    func validate() throws {
        if (trainEveryLabels != nil || trainOnDrift) != (trainRecipe != nil) {
            throw ValidationError("--train-recipe goes with --train-every-labels or --train-on-drift, and they with it")
        }
        if trainProjects != nil && trainRecipe == nil { throw ValidationError("--train-projects goes with --train-recipe") }
        if let trainEveryLabels, trainEveryLabels < 1 { throw ValidationError("--train-every-labels must be at least 1") }
        if !(1 ... 3600).contains(registryPollSeconds) { throw ValidationError("--registry-poll-seconds must be 1…3600") }
        if monitoringWindow < 1 { throw ValidationError("--monitoring-window must be at least 1") }
        if !(monitoringHours > 0) { throw ValidationError("--monitoring-hours must be positive") }
        if monitoringInterval < 1 { throw ValidationError("--monitoring-interval must be at least 1 second") }
        if let webhookUrl, URL(string: webhookUrl)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--webhook-url must be an http(s) URL")
        }
        if vesselFieldDiameter != 0, !(16 ... 4096).contains(vesselFieldDiameter) {
            throw ValidationError("--vessel-field-diameter must be 0 (the photograph's own resolution) or 16…4096")
        }
        if let problem = dimseSettings?.problem { throw ValidationError(problem) }
        if drainSeconds < 0 { throw ValidationError("--drain-seconds must be 0 or more") }
        if !(1 ... 64).contains(workers) { throw ValidationError("--workers must be 1…64") }
        if sessionIdleMinutes < 1 { throw ValidationError("--session-idle-minutes must be at least 1") }
        if let pacsURL, URL(string: pacsURL)?.scheme.map({ $0 == "http" || $0 == "https" }) != true {
            throw ValidationError("--pacs-url must be an http or https URL")
        }
    }

    /// The DICOM listener's settings when `--dicom-port` asks for one; its largest object is the largest body.
    var dimseSettings: DIMSESettings? {
        dicomPort.map { DIMSESettings(port: $0, aeTitle: dicomAeTitle, maximumObjectBytes: maxBodyMegabytes * 1024 * 1024) }
    }

    func run() async throws {
        var logger = Logger(label: "ropscreen")
        logger.logLevel = .info
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = URL(fileURLWithPath: dataDir)
        configuration.maximumBodyBytes = maxBodyMegabytes * 1024 * 1024
        configuration.maximumPixels = maxMegapixels * 1_000_000
        configuration.requestTimeout = .seconds(timeout)
        configuration.queueCapacity = queueCapacity
        configuration.maximumBatchSize = batchSize
        configuration.batchWait = .milliseconds(batchWaitMs)
        configuration.workers = workers
        configuration.vesselFieldDiameter = vesselFieldDiameter > 0 ? vesselFieldDiameter : nil
        configuration.imageRetentionDays = retentionDays > 0 ? retentionDays : nil
        configuration.importRoot = importRoot.map { URL(fileURLWithPath: $0) }
        configuration.sessionIdleTimeout = .seconds(sessionIdleMinutes * 60)
        configuration.secureCookies = !insecureCookies
        configuration.pacsURL = pacsURL.flatMap(URL.init(string:))
        configuration.drainPeriod = .seconds(drainSeconds)
        configuration.patientIdentifierSystem = patientIdSystem
        configuration.dimse = dimseSettings
        if let apiKeys {
            let keys = try APIKeyFile.read(URL(fileURLWithPath: apiKeys))
            (configuration.apiKeys, configuration.revokedKeys) = (keys.valid, keys.revoked)
        }
        if noMonitoring {
            configuration.monitoring = nil
        } else {
            var settings = MonitoringSettings()
            settings.statistics.windowCount = monitoringWindow
            settings.statistics.windowDuration = monitoringHours * 3600
            settings.evaluationInterval = .seconds(monitoringInterval)
            settings.webhookURL = webhookUrl.flatMap(URL.init(string:))
            configuration.monitoring = settings
        }
        Runtime.limitMallocArenas(2)
        Runtime.limitBLASThreads(1)
        let models = try AnalysisModels.bundled(precision: precision, inferenceForm: !noInferenceForm)
        logger.info("models loaded", metadata: ["precision": .string(models.arithmetic.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.rawValue)" }.joined(separator: ", ")), "cpu": .string(Runtime.cpu.description), "models": .string(models.versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))])
        let pipeline = AnalysisPipeline(models: models)
        let images = try ImageStore(directory: configuration.dataDirectory.appendingPathComponent("images"))
        let (store, postgresRunner) = try await StoreOptions.open(database: database, dataDirectory: configuration.dataDirectory, images: images, logger: logger)
        defer { postgresRunner?.cancel() }
        let monitor = try configuration.monitoring.map { try Monitor(watching: models, root: ModelBundle.bundledRoot(), store: store, settings: $0) }
        if let monitor {
            logger.info("monitoring", metadata: ["models": .string(monitor.classifiers.map { "\($0.model)\($0.reference == nil ? " (no reference profile)" : "")" }.joined(separator: ", "))])
        }
        let served = CurrentModels(models)
        let shadow = ShadowRunner(registry: store, models: served, logger: logger)
        let service = AnalysisService(models: served, store: store, configuration: configuration, logger: logger, monitor: monitor, shadow: shadow)
        let annotation = AnnotationService(repository: store, pipeline: pipeline, configuration: configuration, logger: logger, analyses: service)
        let registry = RegistryService(registry: store, models: served, configuration: configuration, feedback: store,
                                       pollInterval: .seconds(registryPollSeconds), logger: logger)
        logger.info("serving", metadata: ["url": .string("http://\(host):\(port)/"), "data": .string(configuration.dataDirectory.path),
                                          "database": .string(database == nil ? "sqlite" : "postgresql")])
        let projects = (trainProjects ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // With snapshot projects, the milestones count what the snapshot holds: references adjudicated or agreed.
        let countLabels: TrainingTrigger.LabelCounter? = projects.isEmpty ? nil : { @Sendable in try await annotation.referenceCount(inProjects: projects) }
        let trigger = trainRecipe.map { recipe in
            TrainingTrigger(settings: .init(recipe: recipe, everyLabels: trainEveryLabels, onDrift: trainOnDrift, projects: projects),
                            annotations: store, queue: store, monitor: monitor,
                            snapshotter: { try await registry.takeSnapshot(projects: $0, annotation: annotation, actor: "training-trigger").hash },
                            countLabels: countLabels,
                            logger: logger)
        }
        try await RetinaApplication.serviceGroup(service: service, annotation: annotation, jobs: store, registry: registry,
                                                 others: trigger.map { [$0] } ?? []).run()
    }
}

extension ModelPrecision: ExpressibleByArgument {}
