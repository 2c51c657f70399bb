import Foundation
import RetinaAnalysis
import RetinaData
import RetinaMetrics
import RetinaModels
import RetinaTraining

/// One model measured as reports give its output: the bundled models loaded as the
/// server loads them (`AnalysisModels.bundled()`: precision chosen by the CPU, inference
/// form), the evaluated model in its task's place, the server's `AnalysisOptions` (field
/// diameter, thresholds, the quality gate, found / not-found), and the figures computed
/// from the reports (`ReportPathMetrics`). Every photograph of the split with the task's
/// label counts, including those the gate stopped.
public enum ReportPathTaskEvaluation {
    /// The analyses a task's figures depend on: the quality gate always; landmarks and
    /// laterality together, since the report checks the eye against the disc–fovea geometry
    /// and places an estimated zone I on the eye's side.
    public static func tasks(for task: AnalysisTask) -> Set<AnalysisTask> {
        switch task {
        case .landmarks, .laterality: [.quality, .landmarks, .laterality]
        default: [.quality, task]
        }
    }

    /// Whether `row` carries what `task`'s figures compare with.
    public static func isLabelled(_ row: ManifestRow, for task: AnalysisTask, card: ModelCard) -> Bool {
        switch task {
        case .landmarks: row.opticDiscCenter != nil || row.fovea != nil
        case .laterality: row.eye != nil
        case .vessels: SegmentationTarget.vessels.isLabelled(row)
        case .ridge: SegmentationTarget.ridge.isLabelled(row)
        case .quality: true  // the gradable rate counts every photograph; the labelled ones also give accuracy
        case .lesion, .rop: ClassifierEvaluation.label(of: row, card: card) != nil
        }
    }

    /// `task` measured through the report path with the model in `directory` (nil: the bundled
    /// models exactly as the server runs them, the infant landmark detector included), the
    /// U-Nets in the arithmetic `precision` chooses (as `serve --precision`).
    public static func evaluate(_ task: AnalysisTask, model directory: URL?, manifest: Manifest, split: Split?, dataset: String,
                                precision: ModelPrecision = .automatic) throws -> EvaluationResult {
        var models = try AnalysisModels.bundled(precision: precision)
        if let directory { try models.replace(task, with: ModelBundle(directory: directory), precision: precision) }
        guard let card = models.card(for: task) else { throw ModelBundleError(model: task.rawValue, "no \(task.rawValue) model is bundled") }
        let rows = split.map { manifest.rows(in: $0) } ?? manifest.rows
        let labelled = rows.filter { isLabelled($0, for: task, card: card) }
        let evaluation = ReportPathEvaluation(models: models, options: AnalysisOptions(tasks: tasks(for: task), includeImages: false))
        let outcomes = evaluation.outcomes(for: labelled, dataset: dataset)
        var notes: [String] = []
        let figures: [String: Double]
        switch task {
        case .landmarks:
            figures = ReportPathMetrics.disc(outcomes).merging(ReportPathMetrics.fovea(outcomes)) { $1 }.merging(ReportPathMetrics.zone(outcomes)) { $1 }
        case .laterality: figures = ReportPathMetrics.laterality(outcomes)
        case .vessels: figures = ReportPathMetrics.vessels(outcomes)
        case .ridge: figures = ReportPathMetrics.ridge(outcomes)
        case .quality: figures = ReportPathMetrics.quality(outcomes)
        case .lesion: figures = ReportPathMetrics.lesion(outcomes, card: card)
        case .rop:
            let rop = ROPEvaluation(card: card, outcomes: outcomes, skipped: rows.count - labelled.count)
            figures = rop.metrics
            notes.append(rop.tradeOffNote(split: "\(dataset)/\(split?.rawValue ?? "all")"))
        }
        return EvaluationResult(n: labelled.count, metrics: ReportPathMetrics.gate(outcomes).merging(figures) { $1 },
                                skipped: rows.count - labelled.count, notes: notes)
    }
}
