import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaStore
import ServiceLifecycle
import Synchronization

/// Runs the candidate beside production on live photographs, off the request path: the
/// report is answered and stored first, then the photograph is offered here without
/// waiting (when the buffer is full the oldest offer is dropped, never the request
/// delayed), and this service analyses it with the candidate, once the server has run no
/// analysis for `quietPeriod` (`requests`, which the analysis service keeps), and records
/// whether its finding agrees with the report's. On a CPU the candidate's analysis competes
/// with reports for the same cores, so it waits for a pause: under continuous load offers are
/// dropped rather than reports slowed (measured by `ropscreen-bench shadow`).
public final class ShadowRunner: Service, Sendable {
    struct Offer: Sendable {
        var photo: FundusImage
        var report: Report
        var production: String
        var shadow: CurrentModels.Shadow
    }

    let registry: any ModelRegistry
    let models: CurrentModels
    let logger: Logger
    /// Analyses the server is running now.
    public let requests = Requests()
    let quietPeriod: Duration
    private let offers: AsyncStream<Offer>
    private let continuation: AsyncStream<Offer>.Continuation

    /// `capacity`: photographs waiting for the candidate at most.
    public init(registry: any ModelRegistry, models: CurrentModels, capacity: Int = 16, quietPeriod: Duration = .milliseconds(250),
                logger: Logger) {
        (self.registry, self.models, self.logger, self.quietPeriod) = (registry, models, logger, quietPeriod)
        (offers, continuation) = AsyncStream.makeStream(of: Offer.self, bufferingPolicy: .bufferingNewest(max(1, capacity)))
    }

    /// Offers an answered analysis to the candidate, if one is shadowing its task; returns at once.
    public func offer(_ photo: FundusImage, report: Report) {
        guard let shadow = models.current.shadow, report.tasks.contains(where: { $0.rawValue == shadow.task }) else { return }
        let production = models.current.production[shadow.task] ?? "bundled"
        continuation.yield(Offer(photo: photo, report: report, production: production, shadow: shadow))
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            for await offer in self.offers {
                do {
                    try await self.waitForQuiet()
                    try await self.shadow(offer)
                } catch is CancellationError {
                    return  // shutting down while waiting for a pause
                } catch {
                    self.logger.error("a shadow analysis failed", metadata: ["id": .string(offer.report.id), "error": .string("\(error)")])
                }
            }
        }
    }

    /// Returns once no analysis has run for `quietPeriod`.
    func waitForQuiet() async throws {
        var seen = requests.started
        var quietSince = ContinuousClock.now
        while ContinuousClock.now - quietSince < quietPeriod {
            try await Task.sleep(for: .milliseconds(20))
            let started = requests.started  // one that began and ended between two looks counts too
            if !requests.isIdle || started != seen { (seen, quietSince) = (started, .now) }
        }
    }

    /// How many analyses are running, and how many have started.
    public final class Requests: Sendable {
        private let state = Mutex((running: 0, started: 0))

        public func enter() { state.withLock { $0.running += 1; $0.started += 1 } }
        public func leave() { state.withLock { $0.running -= 1 } }
        var isIdle: Bool { state.withLock { $0.running == 0 } }
        var started: Int { state.withLock { $0.started } }
    }

    /// Stops taking offers; `run` ends once the buffer is drained.
    public func finish() { continuation.finish() }

    func shadow(_ offer: Offer) async throws {
        guard let production = Self.finding(of: offer.report, task: offer.shadow.task) else { return }
        var options = AnalysisOptions(tasks: [.quality, AnalysisTask(rawValue: offer.shadow.task) ?? .rop])
        options.includeImages = false
        let start = ContinuousClock.now
        let result = try offer.shadow.pipeline.analyze(offer.photo, options: options, id: offer.report.id)
        let elapsed = start.duration(to: .now)
        let candidate = Self.finding(of: result.report, task: offer.shadow.task) ?? (positive: false, probability: 0)
        try await registry.saveShadowResult(ShadowResult(
            analysisID: offer.report.id, candidateID: offer.shadow.candidateID, task: offer.shadow.task, productionVersion: offer.production,
            productionPositive: production.positive, candidatePositive: candidate.positive, productionProbability: production.probability,
            candidateProbability: candidate.probability, candidateMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
            atMs: Int64(Date().timeIntervalSince1970 * 1000)))
    }

    /// A report's binary finding of `task`; a photograph the quality gate stopped before the model counts as
    /// negative, as the report path's evaluation counts it.
    static func finding(of report: Report, task: String) -> (positive: Bool, probability: Double)? {
        switch task {
        case "rop":
            if let rop = report.rop { return (rop.isROP, rop.probability) }
        case "lesion":
            if let lesion = report.lesion { return (lesion.probability >= lesion.threshold, lesion.probability) }
        default:
            return nil
        }
        return report.quality == nil ? nil : (false, 0)
    }
}
