import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaAnnotation
import RetinaMetrics
import RetinaModels
import RetinaMonitoring
import RetinaStore

/// The model registry as a screening programme uses it: versions registered with the
/// figures they claim on the task's locked evaluation set, the promotion gate run by the
/// system on that set through the report path, promotion only with the gate's admission,
/// rollback, and the shadow agreement of the candidate. Every rule of who may do what is
/// checked here (admins change; anyone signed in reads), so the routes only translate HTTP.
public final class RegistryService: Sendable {
    public let registry: any ModelRegistry & AnnotationRepository
    public let models: CurrentModels
    public let watcher: ProductionWatcher
    public let policy: PromotionGate.Policy
    let loader: RegistryModelLoader
    let configuration: ServerConfiguration
    /// Where doctors' confirmations are, for the shadow's agreement with them; nil leaves it out.
    let feedback: (any MonitoringRepository)?
    let logger: Logger

    /// The card's metrics key of the figures on the locked set.
    public static let lockedSetMetrics = "locked"
    /// The tasks the gate judges: binary findings, with a sensitivity to protect.
    public static let judgedTasks: Set<AnalysisTask> = [.rop, .lesion]

    public init(registry: any ModelRegistry & AnnotationRepository, models: CurrentModels, configuration: ServerConfiguration,
                policy: PromotionGate.Policy = PromotionGate.Policy(), feedback: (any MonitoringRepository)? = nil,
                pollInterval: Duration = .seconds(2), logger: Logger) {
        (self.registry, self.models, self.configuration, self.policy, self.feedback, self.logger) = (registry, models, configuration, policy, feedback, logger)
        loader = RegistryModelLoader(registry: registry, dataDirectory: configuration.dataDirectory)
        watcher = ProductionWatcher(models: models, registry: registry, dataDirectory: configuration.dataDirectory, pollInterval: pollInterval,
                                    logger: logger)
    }

    static var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    // MARK: Versions

    /// Registers the model bundle in `directory` as a new version. A judged task's card that states no
    /// figures on the locked set gets them measured here, through the report path, as the gate will re-measure them.
    public func register(bundle directory: URL, recipe: String? = nil, snapshotHash: String? = nil, actor: String) async throws -> ModelVersion {
        var card = try ModelCard.read(from: directory)
        let weights = try [UInt8](Data(contentsOf: directory.appendingPathComponent(ModelCard.weightsFileName)))
        if Self.judgedTasks.contains(card.task), card.metrics[Self.lockedSetMetrics] == nil {
            let bundle = try ModelBundle(directory: directory)
            let served = try await production(of: card.task)
            let run = try await runLockedSet(card.task, with: AnalysisPipeline(models: try served.pipeline.models.replacing(with: bundle)))
            let figures = PromotionGate.figures(positive: run.positive, scores: run.scores, threshold: card.threshold)
            if !figures.isEmpty { card.metrics[Self.lockedSetMetrics] = figures }
        }
        let version = ModelVersion(card: card, weights: weights, recipe: recipe, snapshotHash: snapshotHash, createdBy: actor, atMs: Self.nowMs)
        try await registry.register(version, weights: weights, actor: actor)
        logger.info("model registered", metadata: ["version": .string(version.id)])
        return version
    }

    /// The production version of `task` and the pipeline that serves it. A task that has none
    /// yet adopts its bundled model as its first version, so that every later move, rollback
    /// included, is between registry versions.
    func production(of task: AnalysisTask) async throws -> (versionID: String, pipeline: AnalysisPipeline) {
        if let alias = try await registry.alias(.production, task: task.rawValue) {
            if models.current.production[task.rawValue] != alias.versionID { try await watcher.refresh() }
            return (alias.versionID, models.pipeline)
        }
        let root = configuration.modelsDirectory ?? ModelBundle.bundledRoot()
        guard let card = models.bundled.card(for: task) else { throw APIError(.notFound, "this server has no \(task.rawValue) model to compare with") }
        let id = ModelVersion.id(task: task, version: card.version)
        if try await registry.modelVersion(id: id) == nil {
            let directory = root.appendingPathComponent(task.rawValue)
            let weights = try [UInt8](Data(contentsOf: directory.appendingPathComponent(ModelCard.weightsFileName)))
            do {
                try await registry.register(ModelVersion(card: card, weights: weights, createdBy: "bundled", atMs: Self.nowMs), weights: weights, actor: "bundled")
            } catch RegistryError.versionExists {
                // Another server adopted it first.
            }
        }
        if try await registry.alias(.production, task: task.rawValue) == nil {
            try await registry.moveAlias(.production, task: task.rawValue, to: id, kind: .promote, actor: "bundled",
                                         reason: "the bundled model, adopted as the first version", atMs: Self.nowMs)
        }
        try await watcher.refresh()
        return (try await registry.alias(.production, task: task.rawValue)?.versionID ?? id, models.pipeline)
    }

    // MARK: The gate

    /// Scores and times of a pipeline on a task's locked set, through the finding's own path of the report
    /// (the quality gate, then the model; a photograph the gate stops scores 0, a miss). The other analyses of a
    /// report do not change the finding, so they are left out: the time is the finding's, not the whole report's.
    struct LockedSetRun {
        var positive: [Bool] = []
        var scores: [Double] = []
        var latenciesMs: [Double] = []
    }

    func runLockedSet(_ task: AnalysisTask, with pipeline: AnalysisPipeline) async throws -> LockedSetRun {
        var run = LockedSetRun()
        var options = AnalysisOptions(tasks: [.quality, task])
        options.includeImages = false
        for photograph in try await registry.lockedSet(task: task.rawValue) {
            guard let bytes = try await registry.lockedImage(sha256: photograph.imageSHA256) else { continue }
            let photo = try FundusImage.decode(bytes, limits: configuration.decodingLimits)
            let report = try pipeline.analyze(photo, options: options).report
            run.positive.append(photograph.positive)
            run.scores.append(ShadowRunner.finding(of: report, task: task.rawValue)?.probability ?? 0)
            run.latenciesMs.append(report.timingsMs["total"] ?? 0)
        }
        return run
    }

    /// Judges `candidateID` against the production model of its task on the locked set and keeps the verdict.
    public func judge(task: AnalysisTask, candidateID: String, by user: SignedInUser) async throws -> StoredGateVerdict {
        try AnnotationService.require(user, .admin)
        let candidate = try await version(candidateID, of: task)
        guard Self.judgedTasks.contains(task) else {
            throw APIError(.invalidParameter, "the gate judges binary findings (\(Self.judgedTasks.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        let served = try await production(of: task)
        let candidatePipeline = AnalysisPipeline(models: try served.pipeline.models.replacing(with: try await loader.bundle(of: candidate)))
        let productionRun = try await runLockedSet(task, with: served.pipeline)
        let candidateRun = try await runLockedSet(task, with: candidatePipeline)
        let shadow = try await shadowAgreement(candidateID: candidateID)
        let evidence = PromotionGate.Evidence(
            cases: zip(candidateRun.positive, zip(productionRun.scores, candidateRun.scores)).map { .init(positive: $0, production: $1.0, candidate: $1.1) },
            candidateThreshold: candidate.card.threshold, productionThreshold: served.pipeline.models.card(for: task)?.threshold,
            claimed: candidate.card.metrics[Self.lockedSetMetrics] ?? [:], candidateLatenciesMs: candidateRun.latenciesMs,
            shadow: shadow.map { PromotionGate.ShadowRecord(analyses: $0.analyses, agreement: $0.agreementWithProduction) })
        let verdict = PromotionGate(policy: policy).judge(evidence)
        let stored = StoredGateVerdict(id: UUID().uuidString.lowercased(), task: task.rawValue, candidateID: candidateID, productionID: served.versionID,
                                       admitted: verdict.admitted, reasons: verdict.checks.map(\.summary), figures: verdict.figures,
                                       actor: user.username, atMs: Self.nowMs)
        try await registry.saveVerdict(stored)
        logger.info("gate", metadata: ["candidate": .string(candidateID), "production": .string(served.versionID), "admitted": .stringConvertible(verdict.admitted)])
        return stored
    }

    func version(_ id: String, of task: AnalysisTask) async throws -> ModelVersion {
        guard let version = try await registry.modelVersion(id: id) else { throw APIError(.notFound, "no model version '\(id)'") }
        guard version.task == task else { throw APIError(.invalidParameter, "model version '\(id)' is not a \(task.rawValue) model") }
        return version
    }

    // MARK: Aliases

    /// Moves `production` to `versionID` when the gate's latest verdict on it, against the production of now, admitted it.
    @discardableResult
    public func promote(task: AnalysisTask, versionID: String, by user: SignedInUser) async throws -> AliasMove {
        try AnnotationService.require(user, .admin)
        _ = try await version(versionID, of: task)
        let served = try await production(of: task)
        guard served.versionID != versionID else { throw APIError(.conflict, "\(versionID) is already production") }
        guard let verdict = try await registry.verdicts(task: task.rawValue, limit: 100).first(where: { $0.candidateID == versionID }) else {
            throw APIError(.conflict, "\(versionID) has not been through the gate (POST /v1/registry/\(task.rawValue)/gate)")
        }
        guard verdict.productionID == served.versionID else {
            throw APIError(.conflict, "the gate judged \(versionID) against \(verdict.productionID ?? "no model"); production is now \(served.versionID): judge it again")
        }
        guard verdict.admitted else {
            throw APIError(.conflict, "the gate refused \(versionID): " + verdict.reasons.filter { $0.hasPrefix("failed") }.joined(separator: "; "),
                           details: try? JSONEncoder().encode(["reasons": verdict.reasons]))
        }
        let move = try await registry.moveAlias(.production, task: task.rawValue, to: versionID, kind: .promote, actor: user.username,
                                                reason: "gate verdict \(verdict.id)", atMs: Self.nowMs)
        try await watcher.refresh()
        return move
    }

    /// Moves `production` back to the version it held before its latest promotion.
    @discardableResult
    public func rollBack(task: AnalysisTask, reason: String?, by user: SignedInUser) async throws -> AliasMove {
        try AnnotationService.require(user, .admin)
        do {
            let move = try await registry.rollBackProduction(task: task.rawValue, actor: user.username, reason: reason, atMs: Self.nowMs)
            try await watcher.refresh()
            return move
        } catch let error as RegistryError {
            throw APIError(.conflict, error.description)
        }
    }

    /// Points `candidate` at `versionID`: the version shadowing production and judged next.
    @discardableResult
    public func nominate(task: AnalysisTask, versionID: String, actor: String) async throws -> AliasMove {
        _ = try await version(versionID, of: task)
        let move = try await registry.moveAlias(.candidate, task: task.rawValue, to: versionID, kind: .nominate, actor: actor, reason: nil, atMs: Self.nowMs)
        try await watcher.refresh()
        return move
    }

    @discardableResult
    public func nominate(task: AnalysisTask, versionID: String, by user: SignedInUser) async throws -> AliasMove {
        try AnnotationService.require(user, .admin)
        return try await nominate(task: task, versionID: versionID, actor: user.username)
    }

    // MARK: The locked evaluation set

    /// Adds the photographs of a project (all, or those named) that have a reference (adjudicated, or agreed by
    /// all their annotators) to `task`'s locked set, labelled from it (ROP: stage 1–5 or A-ROP; normal: stage 0).
    /// Photographs without such a reference are left out and counted.
    public func lock(task: AnalysisTask, project projectID: String, photographs named: [String]?, annotation: AnnotationService,
                     by user: SignedInUser) async throws -> (added: Int, skipped: Int) {
        try AnnotationService.require(user, .admin)
        guard task == .rop else { throw APIError(.invalidParameter, "the locked set is built from ROP references (task rop)") }
        guard let project = try await registry.project(id: projectID) else { throw APIError(.notFound, "no project '\(projectID)'") }
        let references = try await annotation.references(of: project)
        var photographs = try await registry.photographs(of: projectID)
        if let named { photographs = photographs.filter { named.contains($0.id) } }
        var (locked, images, skipped) = ([LockedPhotograph](), [[UInt8]](), 0)
        for photograph in photographs {
            let labels = references[photograph.id]?.labels ?? [:]
            let diagnosis = ManifestExport.diagnosis(stage: labels[LabelSchema.ICROP3Field.stage]?.option,
                                                     aggressiveROP: labels[LabelSchema.ICROP3Field.aggressiveROP]?.option)
            guard !diagnosis.isEmpty, let bytes = try await registry.projectImage(sha256: photograph.imageSHA256) else {
                skipped += 1
                continue
            }
            locked.append(LockedPhotograph(task: task.rawValue, imageSHA256: photograph.imageSHA256, positive: diagnosis == "rop",
                                           source: "project/\(projectID)/photograph/\(photograph.id)", addedAtMs: Self.nowMs, addedBy: user.username))
            images.append(bytes)
        }
        let before = try await registry.lockedSet(task: task.rawValue).count
        try await registry.addToLockedSet(locked, images: images, actor: user.username, atMs: Self.nowMs)
        return (try await registry.lockedSet(task: task.rawValue).count - before, skipped)
    }

    // MARK: Shadow

    /// How the candidate did beside production on live photographs, and against the doctors where they confirmed.
    public struct ShadowAgreement: Codable, Sendable, Equatable {
        public var candidateID: String
        public var analyses: Int
        public var agreementWithProduction: Double
        public var meanCandidateMs: Double
        /// Shadowed analyses a doctor confirmed (ROP yes or no), and how often each model's finding matched.
        public var confirmed: Int
        public var candidateAgreesWithDoctors: Double?
        public var productionAgreesWithDoctors: Double?
    }

    public func shadowAgreement(candidateID: String) async throws -> ShadowAgreement? {
        let results = try await registry.shadowResults(candidateID: candidateID, limit: 10_000)
        guard !results.isEmpty else { return nil }
        var (confirmed, candidateRight, productionRight) = (0, 0, 0)
        if let feedback {
            for result in results {
                guard let truth = try await feedback.feedback(analysisID: result.analysisID)?.feedback.rop else { continue }
                confirmed += 1
                if result.candidatePositive == truth { candidateRight += 1 }
                if result.productionPositive == truth { productionRight += 1 }
            }
        }
        return ShadowAgreement(candidateID: candidateID, analyses: results.count,
                               agreementWithProduction: Double(results.count(where: \.agrees)) / Double(results.count),
                               meanCandidateMs: results.map(\.candidateMs).reduce(0, +) / Double(results.count), confirmed: confirmed,
                               candidateAgreesWithDoctors: confirmed > 0 ? Double(candidateRight) / Double(confirmed) : nil,
                               productionAgreesWithDoctors: confirmed > 0 ? Double(productionRight) / Double(confirmed) : nil)
    }
}
