import Foundation
import RetinaAnalysis
import RetinaData
import RetinaModels
import RetinaTraining

/// When a report may call the disc or the fovea found: the heat-map confidence above which
/// the point a report gives is right often enough, chosen on the recipe's validation rows
/// through the report path (issue 22: "a found point should be right"). Right means within
/// the true disc's radius for the disc, within `foveaTolerance` of the width for the fovea.
public enum LandmarkCalibration {
    public enum Landmark: String, CaseIterable, Sendable {
        case opticDisc = "optic_disc"
        case fovea
    }

    /// One labelled point as a report gave it, found or not: its confidence and whether it was right.
    public struct Candidate: Sendable, Equatable {
        public var confidence: Double
        public var right: Bool

        public init(confidence: Double, right: Bool) {
            self.confidence = confidence
            self.right = right
        }
    }

    /// The chosen threshold and what it gives on the candidates it was chosen on.
    public struct Choice: Sendable, Equatable {
        public var threshold: Double
        public var foundRate: Double
        public var precision: Double
        public var candidates: Int
    }

    public static let foveaTolerance = 0.015

    /// The report's point for `landmark` on every row labelled with it whose report took its
    /// landmarks from the model named `model` (a report stopped at the quality gate has none, and
    /// cannot be found at any threshold; one read by the other detector is not this model's: both are left out).
    public static func candidates(_ outcomes: [ReportPathEvaluation.Outcome], landmark: Landmark, model: String? = nil) -> [Candidate] {
        outcomes.compactMap { outcome in
            guard let report = outcome.report, let landmarks = report.landmarks else { return nil }
            if let model, report.modelVersions[model] == nil { return nil }
            switch landmark {
            case .opticDisc:
                guard let truth = outcome.row.opticDiscCenter, let box = outcome.row.opticDisc else { return nil }
                let point = landmarks.opticDisc
                return Candidate(confidence: point.confidence, right: point.point.distance(to: truth) <= (box.width + box.height) / 4)
            case .fovea:
                guard let truth = outcome.row.fovea else { return nil }
                let point = landmarks.fovea
                return Candidate(confidence: point.confidence,
                                 right: point.point.distance(to: truth) / Double(report.image.width) <= foveaTolerance)
            }
        }
    }

    /// The lowest candidate confidence at which the points found (confidence ≥ it) are right at
    /// least `precision` of the time, so that as many as can be are found; nil when no threshold
    /// with at least `minimumFound` found points reaches it. When it finds every candidate, the
    /// validation rows say nothing against a lower threshold: `current` stays if it is lower.
    public static func choose(_ candidates: [Candidate], precision: Double, minimumFound: Int = 5, current: Double? = nil) -> Choice? {
        let sorted = candidates.sorted { $0.confidence > $1.confidence }
        var right = 0
        var best: Choice?
        for (index, candidate) in sorted.enumerated() {
            if candidate.right { right += 1 }
            let found = index + 1
            // Ties: the threshold finds every candidate of the same confidence at once.
            guard index + 1 == sorted.count || sorted[index + 1].confidence < candidate.confidence else { continue }
            let share = Double(right) / Double(found)
            if found >= minimumFound, share >= precision {
                best = Choice(threshold: candidate.confidence, foundRate: Double(found) / Double(sorted.count), precision: share, candidates: sorted.count)
            }
        }
        if var all = best, all.foundRate == 1, let current, current < all.threshold {
            all.threshold = current
            return all
        }
        return best
    }

    /// Found rate and precision of the candidates at each threshold: the trade-off, for the card.
    public static func tradeOff(_ candidates: [Candidate], thresholds: [Double]) -> [(threshold: Double, foundRate: Double, precision: Double)] {
        thresholds.map { threshold in
            let found = candidates.filter { $0.confidence >= threshold }
            return (threshold, candidates.isEmpty ? .nan : Double(found.count) / Double(candidates.count),
                    found.isEmpty ? .nan : Double(found.filter(\.right).count) / Double(found.count))
        }
    }
}

extension LandmarkCalibration {
    /// What `ropscreen calibrate --task landmarks` measures: the recipe's held-out validation rows
    /// through the report path (the bundled models, the one in `model` in the landmarks' place),
    /// and for each landmark the candidates and the choice at `precision`.
    public struct Measured: Sendable {
        public var rows: Int
        /// The calibrated model's name: only the rows whose reports it read count.
        public var model: String
        public var candidates: [Landmark: [Candidate]]
        public var choices: [Landmark: Choice]

        /// The card note that says how the thresholds were chosen, with the trade-off on validation.
        public func note(precision: Double, recipe: String) -> String {
            let thresholds = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5]
            let parts = Landmark.allCases.map { landmark -> String in
                let all = candidates[landmark] ?? []
                guard !all.isEmpty else { return "\(landmark.rawValue): no labelled points, the card's threshold stays" }
                let chosen = choices[landmark].map { String(format: "%.3f (found %.0f%%, right %.0f%% of those)", $0.threshold, 100 * $0.foundRate, 100 * $0.precision) }
                    ?? "none reached it, the card's threshold stays"
                let curve = LandmarkCalibration.tradeOff(all, thresholds: thresholds)
                    .map { String(format: "%.2f: %.0f%%/", $0.threshold, 100 * $0.foundRate) + ($0.precision.isNaN ? "–" : String(format: "%.0f%%", 100 * $0.precision)) }
                    .joined(separator: ", ")
                return "\(landmark.rawValue) over \(all.count) points: \(chosen); found/right at each threshold \(curve)"
            }
            return "Landmark thresholds: chosen by ropscreen calibrate on the \(rows) held-out validation rows of \(recipe) through the report path "
                + "(those whose reports \(model) read), "
                + "the lowest confidence at which ≥ \(Int((precision * 100).rounded()))% of the points found are right (disc within its radius, "
                + "fovea within \(foveaTolerance * 100)% of the width). " + parts.joined(separator: "; ") + "."
        }
    }

    /// `infantCameras`: the model is (or takes the place of) the infant cameras' detector, and is
    /// calibrated on the photographs reports give it, those of RetCam and Neo; else the general one, on the others.
    public static func measure(recipe: Recipe, dataRoot: URL, model: URL?, infantCameras: Bool, precision: Double) throws -> Measured {
        let rows = try PreparedSamples.heldOutRows(recipe: recipe, dataRoot: dataRoot, include: LandmarkTraining.isLabelled)
        var models = try AnalysisModels.bundled()
        if let model { try models.replace(.landmarks, with: ModelBundle(directory: model), landmarkPlace: infantCameras ? .infantCameras : .general) }
        guard let card = (infantCameras ? models.infantLandmarks : models.landmarks)?.card else {
            throw ModelBundleError(model: "landmarks", "no \(infantCameras ? "infant " : "")landmarks model is bundled")
        }
        let evaluation = ReportPathEvaluation(models: models, options: AnalysisOptions(tasks: ReportPathTaskEvaluation.tasks(for: .landmarks), includeImages: false))
        let outcomes = evaluation.outcomes(for: rows, dataset: "validation")
        var measured = Measured(rows: rows.count, model: card.name, candidates: [:], choices: [:])
        for landmark in Landmark.allCases {
            let candidates = candidates(outcomes, landmark: landmark, model: card.name)
            measured.candidates[landmark] = candidates
            measured.choices[landmark] = choose(candidates, precision: precision, current: card.threshold(for: landmark.rawValue))
        }
        return measured
    }
}
