import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaData
import RetinaMetrics
import RetinaModels
import RetinaTraining

/// The figures of issue-level targets, computed from reports (`ReportPathEvaluation`).
/// Every function takes the outcomes of one split and returns flat metrics, as cards store them.
public enum ReportPathMetrics {
    /// ROP versus normal as the report gives it: the score is `rop.probability`, and a
    /// photograph without an ROP finding (stopped at the quality gate, or failed) scores 0,
    /// a miss. `auc`, `sensitivity`, `specificity`, `accuracy` at the card's threshold, their
    /// 95 % intervals (`*_ci_low`, `*_ci_high`: Wilson; AUC: Hanley–McNeil), counts, and `gated`.
    public static func rop(_ outcomes: [ReportPathEvaluation.Outcome], card: ModelCard) -> [String: Double] {
        let labelled = ropScores(outcomes, card: card)
        var binary = BinaryMetrics(threshold: card.threshold)
        for entry in labelled { binary.update(score: entry.score, label: entry.isROP) }
        let positives = labelled.filter(\.isROP).count
        let negatives = labelled.count - positives
        var metrics: [String: Double] = [
            "auc": binary.rocAUC, "sensitivity": binary.sensitivity, "specificity": binary.specificity, "accuracy": binary.accuracy,
            "threshold": card.threshold, "n": Double(labelled.count), "n_rop": Double(positives), "n_normal": Double(negatives),
            "gated": Double(labelled.filter { !$0.found }.count),
        ]
        let intervals = [
            ("sensitivity", ConfidenceInterval.wilson(successes: binary.truePositives, of: positives)),
            ("specificity", ConfidenceInterval.wilson(successes: binary.trueNegatives, of: negatives)),
            ("auc", ConfidenceInterval.hanleyMcNeil(auc: binary.rocAUC, positives: positives, negatives: negatives)),
        ]
        for (name, interval) in intervals {
            guard let interval else { continue }
            metrics["\(name)_ci_low"] = interval.lowerBound
            metrics["\(name)_ci_high"] = interval.upperBound
        }
        return metrics
    }

    /// The rows the ROP card can label (`ClassifierEvaluation.label`), each with the score
    /// its report gives (0 without a finding), its truth, and whether the report has a finding.
    public static func ropScores(_ outcomes: [ReportPathEvaluation.Outcome], card: ModelCard) -> [(score: Double, isROP: Bool, found: Bool)] {
        let positive = card.labels.firstIndex(of: "rop")
        return outcomes.compactMap { outcome in
            guard let label = ClassifierEvaluation.label(of: outcome.row, card: card) else { return nil }
            let rop = outcome.report?.rop
            return (rop?.probability ?? 0, label == positive, rop != nil)
        }
    }

    /// The quality gate: `n`, `not_a_fundus` (reports that stopped there), `bad`, `good`,
    /// `gradable_rate` (good over all), and `failed` (photographs that could not be analysed); with
    /// quality labels in the rows, `accuracy` and `recall_<label>` of the reports' verdicts.
    public static func quality(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        let verdicts = outcomes.map { $0.report?.quality?.verdict }
        let count = { (verdict: String) in Double(verdicts.filter { $0 == verdict }.count) }
        var figures = [
            "n": Double(outcomes.count), "not_a_fundus": count("outlier"), "bad": count("bad"), "good": count("good"),
            "gradable_rate": outcomes.isEmpty ? .nan : count("good") / Double(outcomes.count),
            "failed": Double(outcomes.filter { $0.report == nil }.count),
        ]
        // Against the rows' quality labels, where they have them: the verdict as the report gives it.
        let labelled = outcomes.compactMap { outcome in outcome.row.quality.map { (truth: $0.rawValue, verdict: outcome.report?.quality?.verdict) } }
        if !labelled.isEmpty {
            figures["accuracy"] = Double(labelled.filter { $0.truth == $0.verdict }.count) / Double(labelled.count)
            for label in QualityLabel.allCases {
                let truths = labelled.filter { $0.truth == label.rawValue }
                if !truths.isEmpty { figures["recall_\(label.rawValue)"] = Double(truths.filter { $0.verdict == label.rawValue }.count) / Double(truths.count) }
            }
        }
        return figures
    }

    /// The optic disc over rows with a disc box: `od_found_rate`; median centre error over
    /// the found discs (`od_error_median_norm`) and over all, a miss counted as infinite
    /// (`od_error_median_norm_all`); `od_within_radius` (found and within the true disc
    /// radius, over all). Errors are divided by the image width.
    public static func disc(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        var found: [Double] = []
        var all: [Double] = []
        var within = 0
        for outcome in outcomes {
            guard let truth = outcome.row.opticDiscCenter, let box = outcome.row.opticDisc else { continue }
            guard let report = outcome.report, let disc = report.landmarks?.opticDisc, disc.found else {
                all.append(.infinity)
                continue
            }
            let error = disc.point.distance(to: truth)
            found.append(error / Double(report.image.width))
            all.append(error / Double(report.image.width))
            if error <= (box.width + box.height) / 4 { within += 1 }
        }
        return [
            "od_n": Double(all.count), "od_found_rate": all.isEmpty ? .nan : Double(found.count) / Double(all.count),
            "od_error_median_norm": median(found), "od_error_median_norm_all": median(all),
            "od_within_radius": all.isEmpty ? .nan : Double(within) / Double(all.count),
        ]
    }

    /// The fovea over rows with a fovea label, as `disc` measures the disc: `fovea_found_rate`,
    /// the median error over found foveae (`fovea_error_median_norm`) and over all, a miss counted
    /// as infinite (`fovea_error_median_norm_all`), and `fovea_within_tolerance`: found and within
    /// `tolerance` of the width (the calibration's 1.5 %: issue 22's "a found point should be right"), over all.
    public static func fovea(_ outcomes: [ReportPathEvaluation.Outcome], tolerance: Double = LandmarkCalibration.foveaTolerance) -> [String: Double] {
        var found: [Double] = []
        var all: [Double] = []
        for outcome in outcomes {
            guard let truth = outcome.row.fovea else { continue }
            guard let report = outcome.report, let fovea = report.landmarks?.fovea, fovea.found else {
                all.append(.infinity)
                continue
            }
            let error = fovea.point.distance(to: truth) / Double(report.image.width)
            found.append(error)
            all.append(error)
        }
        return [
            "fovea_n": Double(all.count), "fovea_found_rate": all.isEmpty ? .nan : Double(found.count) / Double(all.count),
            "fovea_error_median_norm": median(found), "fovea_error_median_norm_all": median(all),
            "fovea_within_tolerance": all.isEmpty ? .nan : Double(found.filter { $0 <= tolerance }.count) / Double(all.count),
        ]
    }

    /// The eye as the report names it, over rows with an eye label: `accuracy` (a report
    /// without an eye counts as wrong), `n_left`, `n_right`, `needs_review` (the report flags a
    /// disagreement between the classifier and the geometry).
    public static func laterality(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        let labelled = outcomes.filter { $0.row.eye != nil }
        let right = labelled.filter { $0.report?.laterality?.eye == $0.row.eye }.count
        return [
            "accuracy": ratio(right, labelled.count), "n": Double(labelled.count),
            "n_left": Double(labelled.filter { $0.row.eye == .left }.count), "n_right": Double(labelled.filter { $0.row.eye == .right }.count),
            "needs_review": Double(labelled.filter { $0.report?.laterality?.needsReview == true }.count),
        ]
    }

    /// The lesion finding as the report gives it, over the rows the lesion card can label: the
    /// score is `lesion.probability` (0 without a finding: stopped at the gate, or failed);
    /// `auc`, `sensitivity`, `specificity`, `accuracy` at the card's threshold.
    public static func lesion(_ outcomes: [ReportPathEvaluation.Outcome], card: ModelCard) -> [String: Double] {
        let positive = card.labels.firstIndex(of: "lesion")
        var binary = BinaryMetrics(threshold: card.threshold)
        var n = 0
        for outcome in outcomes {
            guard let label = ClassifierEvaluation.label(of: outcome.row, card: card) else { continue }
            binary.update(score: outcome.report?.lesion?.probability ?? 0, label: label == positive)
            n += 1
        }
        return ["auc": binary.rocAUC, "sensitivity": binary.sensitivity, "specificity": binary.specificity,
                "accuracy": binary.accuracy, "threshold": card.threshold, "n": Double(n)]
    }

    /// The report's ridge maps against the manifest's ridge, pooled over pixels (`dice`,
    /// `sensitivity`, `specificity`), and `presence_accuracy`: the report's `ridge.present`
    /// against whether a ridge is drawn.
    public static func ridge(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        let measured = outcomes.filter { $0.ridge != nil }
        var pooled = ReportPathEvaluation.PixelCounts()
        var agreeing = 0
        for outcome in measured {
            guard let counts = outcome.ridge else { continue }
            pooled.add(counts)
            let drawn = counts.truePositives + counts.falseNegatives > 0
            if (outcome.report?.ridge?.present ?? false) == drawn { agreeing += 1 }
        }
        return ["dice": pooled.f1, "sensitivity": pooled.sensitivity, "specificity": pooled.specificity,
                "presence_accuracy": ratio(agreeing, measured.count), "n": Double(measured.count)]
    }

    /// Photographs the quality gate stopped (`gated`: not a fundus, so nothing else was analysed)
    /// and those that could not be analysed at all (`failed`).
    public static func gate(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        ["gated": Double(outcomes.filter { $0.report?.isNotAFundus == true }.count),
         "failed": Double(outcomes.filter { $0.report == nil }.count)]
    }

    /// Zone I: `zone_placed_rate` over all reports, `zone_placed_rate_disc_found` over those
    /// whose disc was found, and `zone_estimated_rate` (placed from the disc alone) over those placed.
    public static func zone(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        let reports = outcomes.compactMap(\.report).filter { $0.landmarks != nil }
        let withDisc = reports.filter { $0.landmarks?.opticDisc.found == true }
        let placed = reports.filter { $0.zone != nil }
        return [
            "zone_n": Double(reports.count),
            "zone_placed_rate": ratio(placed.count, reports.count),
            "zone_placed_rate_disc_found": ratio(withDisc.filter { $0.zone != nil }.count, withDisc.count),
            "zone_estimated_rate": ratio(placed.filter { $0.zone?.estimated == true }.count, placed.count),
        ]
    }

    /// The report's vessel masks against the manifest's, pooled over pixels: `f1`, `sensitivity`, `specificity`, `accuracy`.
    public static func vessels(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: Double] {
        let measured = outcomes.compactMap(\.vessels)
        var pooled = ReportPathEvaluation.PixelCounts()
        for m in measured { pooled.add(m) }
        return ["f1": pooled.f1, "sensitivity": pooled.sensitivity, "specificity": pooled.specificity,
                "accuracy": pooled.accuracy, "n": Double(measured.count)]
    }

    /// The outcomes grouped by the camera family their reports name (`unknown` without a report).
    public static func byCamera(_ outcomes: [ReportPathEvaluation.Outcome]) -> [String: [ReportPathEvaluation.Outcome]] {
        Dictionary(grouping: outcomes) { $0.report?.camera?.family ?? "unknown" }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
}
