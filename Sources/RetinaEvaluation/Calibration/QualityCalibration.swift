import Foundation
import RetinaAnalysis
import RetinaData
import RetinaModels
import RetinaTraining

/// When the quality gate may call a photograph ungradable: the threshold on the `bad` share
/// (P(bad) / (P(bad) + P(good)), the part of the verdict that is not "not a fundus") chosen on
/// the recipe's held-out validation rows through the report path (issues 22 and 23: research
/// and infant photographs are gradable, and the gate must say so without letting a bad one through).
///
/// The rule: the lowest threshold, from the card's own (0.5, the larger probability) upwards, at which
/// at least `gradableRecall` of the held-out gradable photographs are called good, provided that every
/// held-out bad photograph the card's threshold calls bad is still called bad; where none reaches it,
/// the highest threshold that keeps those.
public enum QualityCalibration {
    /// One held-out photograph the gate judged a fundus: its `bad` share and whether it is gradable.
    public struct Candidate: Sendable, Equatable {
        public var badShare: Double
        public var gradable: Bool

        public init(badShare: Double, gradable: Bool) {
            self.badShare = badShare
            self.gradable = gradable
        }
    }

    public struct Choice: Sendable, Equatable {
        public var threshold: Double
        /// Shares of the held-out gradable photographs called good, and of the bad ones called bad, at it.
        public var gradableRecall: Double
        public var badRecall: Double
        public var gradable: Int
        public var bad: Int
    }

    public static let label = "bad"

    /// The `bad` share of a verdict's probabilities (nil without both classes); 0 when both are 0,
    /// which `ModelCard.decide` calls good at any threshold.
    public static func badShare(_ probabilities: [String: Double]) -> Double? {
        guard let bad = probabilities["bad"], let good = probabilities["good"] else { return nil }
        return bad + good > 0 ? bad / (bad + good) : 0
    }

    static func recalls(_ candidates: [Candidate], threshold: Double) -> (gradable: Double, bad: Double) {
        let gradable = candidates.filter(\.gradable), bad = candidates.filter { !$0.gradable }
        func share(_ items: [Candidate], _ keep: (Candidate) -> Bool) -> Double { items.isEmpty ? .nan : Double(items.filter(keep).count) / Double(items.count) }
        return (share(gradable) { $0.badShare < threshold }, share(bad) { $0.badShare >= threshold })
    }

    /// Thresholds are tried midway between consecutive shares, so a choice keeps a margin on both sides.
    public static func choose(_ candidates: [Candidate], gradableRecall target: Double, current: Double = 0.5) -> Choice? {
        guard candidates.contains(where: \.gradable) else { return nil }
        let floorRecall = recalls(candidates, threshold: current).bad
        let shares = Array(Set(candidates.map(\.badShare).filter { $0 >= current })).sorted()
        var tried = [current]
        for (low, high) in zip(shares, shares.dropFirst()) { tried.append((low + high) / 2) }
        if let last = shares.last { tried.append((last + 1) / 2) }
        var best: Choice?
        for threshold in tried {
            let (gradable, bad) = recalls(candidates, threshold: threshold)
            if !floorRecall.isNaN, bad < floorRecall { break }
            best = Choice(threshold: threshold, gradableRecall: gradable, badRecall: bad,
                          gradable: candidates.filter(\.gradable).count, bad: candidates.filter { !$0.gradable }.count)
            if gradable >= target { break }
        }
        return best
    }
}

extension QualityCalibration {
    /// What `ropscreen calibrate --task quality` measures.
    public struct Measured: Sendable {
        public var rows: Int
        /// Held-out photographs the gate took for no fundus: the threshold does not act on them.
        public var outliers: Int
        public var candidates: [Candidate]
        public var choice: Choice?

        public func note(gradableRecall: Double, recipe: String) -> String {
            let chosen = choice.map { String(format: "%.3f (gradable called good %.1f%% of %d, bad called bad %.1f%% of %d)",
                                             $0.threshold, 100 * $0.gradableRecall, $0.gradable, 100 * $0.badRecall, $0.bad) }
                ?? "none: no gradable photograph was held out, the card's decision stays"
            let curve = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95].map { threshold -> String in
                let (gradable, bad) = QualityCalibration.recalls(candidates, threshold: threshold)
                return String(format: "%.2f: %.0f%%/%.0f%%", threshold, 100 * gradable, 100 * bad)
            }.joined(separator: ", ")
            return "Bad threshold: chosen by ropscreen calibrate on the \(rows) held-out validation rows of \(recipe) (DRIMDB's labelled ones, "
                + "and the gradable-source photographs held out of the synthesis, all gradable) through the report's quality gate; "
                + "\(outliers) taken for no fundus are left out. A photograph is bad when P(bad) / (P(bad) + P(good)) reaches the threshold: "
                + "the lowest at which ≥ \(Int((gradableRecall * 100).rounded()))% of the gradable ones are good while every bad one the "
                + "larger probability calls bad stays bad: \(chosen); gradable good / bad bad at each threshold \(curve)."
        }
    }

    /// The recipe's held-out rows: those of its own manifests that carry a quality label, and
    /// those its synthesis held out of the gradable sources (gradable by the recipe's own account).
    public static func heldOutRows(recipe: Recipe, dataRoot: URL) throws -> [(row: ManifestRow, gradable: Bool?)] {
        let labelled = try PreparedSamples.heldOutRows(recipe: recipe, dataRoot: dataRoot) { $0.quality != nil }
            .map { (row: $0, gradable: $0.quality.flatMap { quality -> Bool? in quality == .outlier ? nil : quality == .good }) }
        guard let synthesis = recipe.qualitySynthesis else { return labelled }
        var sources = recipe
        sources.manifests = synthesis.goodManifests
        sources.validationImagesPerManifest = synthesis.validationImagesPerManifest
        let gradable = try PreparedSamples.heldOutRows(recipe: sources, dataRoot: dataRoot) { _ in true }.map { (row: $0, gradable: Optional(true)) }
        return labelled + gradable
    }

    /// The bundled models with `model` in the quality model's place; the quality gate alone.
    public static func measure(recipe: Recipe, dataRoot: URL, model: URL?, gradableRecall: Double) throws -> Measured {
        let rows = try heldOutRows(recipe: recipe, dataRoot: dataRoot)
        var models = try AnalysisModels.bundled()
        if let model { try models.replace(.quality, with: ModelBundle(directory: model)) }
        guard models.quality != nil else { throw ModelBundleError(model: "quality", "no quality model is bundled") }
        let evaluation = ReportPathEvaluation(models: models, options: AnalysisOptions(tasks: [.quality], includeImages: false))
        let outcomes = evaluation.outcomes(for: rows.map(\.row), dataset: "validation")
        var candidates: [Candidate] = []
        var outliers = 0
        for (outcome, held) in zip(outcomes, rows) {
            guard let gradable = held.gradable, let quality = outcome.report?.quality else { continue }
            guard quality.isFundus, let share = badShare(quality.probabilities) else { outliers += 1; continue }
            candidates.append(Candidate(badShare: share, gradable: gradable))
        }
        // Chosen from the larger probability's rule upwards, whatever the card holds now: a re-calibration does not ratchet.
        return Measured(rows: rows.count, outliers: outliers, candidates: candidates, choice: choose(candidates, gradableRecall: gradableRecall))
    }
}
