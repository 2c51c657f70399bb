import Foundation
import FundusImaging
import Logging
import RetinaAnalysis
import RetinaModels
import RetinaStore
import ServiceLifecycle

/// Runs the candidate beside production on live photographs, off the request path: the
/// report is answered and stored first, then the photograph is offered here without
/// waiting (when the buffer is full the oldest offer is dropped, never the request
/// delayed), and this service analyses it with the candidate and records whether its
/// finding agrees with the report's.
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
    private let offers: AsyncStream<Offer>
    private let continuation: AsyncStream<Offer>.Continuation

    /// `capacity`: photographs waiting for the candidate at most.
    public init(registry: any ModelRegistry, models: CurrentModels, capacity: Int = 16, logger: Logger) {
        (self.registry, self.models, self.logger) = (registry, models, logger)
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
                    try await self.shadow(offer)
                } catch {
                    self.logger.error("a shadow analysis failed", metadata: ["id": .string(offer.report.id), "error": .string("\(error)")])
                }
            }
        }
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
