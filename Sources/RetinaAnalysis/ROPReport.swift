import Foundation
import RetinaModels

/// The ROP finding for one infant photograph: ROP or no ROP at the operating
/// threshold that the card chose on validation for sensitivity first, the
/// model's measured operating point, the ridge map's evidence beside it, and
/// what the finding does not cover.
///
/// The model was taught ROP versus normal only (HVDROPDB-full has no stage,
/// zone or plus labels), so the report claims neither a stage nor plus disease.
public struct ROPReport: Codable, Sendable, Equatable {
    /// `rop` or `no_rop`.
    public var finding: String
    /// Probability of ROP.
    public var probability: Double
    public var threshold: Double
    /// How far the probability is from the threshold, as a probability of the finding given (0.5…1).
    public var confidence: Double
    /// Sensitivity and specificity of this threshold where the card measured them.
    public var operatingPoint: OperatingPointSummary?
    /// The ridge segmenter's view of the same photograph; nil when the ridge was not analysed.
    public var ridgeEvidence: RidgeEvidence?
    /// Grad-CAM of the `rop` class (with `explain`).
    public var explanation: Explanation?
    /// What this finding covers: `rop_vs_normal`.
    public var findingsMade: [String]
    /// What it does not: the model was never taught these, so they need a doctor.
    public var findingsNotMade: [String]

    /// A threshold's sensitivity and specificity on one data split, with the split's name.
    public struct OperatingPointSummary: Codable, Sendable, Equatable {
        public var sensitivity: Double
        public var specificity: Double
        /// The split they were measured on, e.g. `HVDROPDB-full/test`.
        public var measuredOn: String
    }

    /// Whether the ridge map marks a demarcation ridge, and whether that agrees with the finding.
    public struct RidgeEvidence: Codable, Sendable, Equatable {
        public var present: Bool
        public var confidence: Double
        public var agreesWithFinding: Bool
    }

    public static let findingsMadeByModel = ["rop_vs_normal"]
    public static let findingsNotMadeByModel = ["stage", "zone_of_disease", "plus_disease", "aggressive_rop", "extent_clock_hours"]

    public init(probability: Double, card: ModelCard, ridge: RidgeReport?) {
        self.probability = probability
        threshold = card.threshold
        let isROP = probability >= card.threshold
        finding = isROP ? "rop" : "no_rop"
        confidence = LesionReport.confidence(probability: probability, threshold: card.threshold)
        operatingPoint = Self.operatingPoint(in: card)
        ridgeEvidence = ridge.map { RidgeEvidence(present: $0.present, confidence: $0.confidence, agreesWithFinding: $0.present == isROP) }
        findingsMade = Self.findingsMadeByModel
        findingsNotMade = Self.findingsNotMadeByModel
    }

    public var isROP: Bool { finding == "rop" }

    /// The operating point on the card's infant test split (the product's population), else its validation.
    static func operatingPoint(in card: ModelCard) -> OperatingPointSummary? {
        for (key, sensitivity, specificity) in [("HVDROPDB-full/test", "sensitivity", "specificity"),
                                                ("validation", "sensitivity_at_threshold", "specificity_at_threshold")] {
            if let metrics = card.metrics[key], let se = metrics[sensitivity], let sp = metrics[specificity] {
                return OperatingPointSummary(sensitivity: se, specificity: sp, measuredOn: key)
            }
        }
        return nil
    }

    /// The warning where the ridge map and the classifier disagree, if they do.
    public var disagreementWarning: String? {
        guard let ridge = ridgeEvidence, !ridge.agreesWithFinding else { return nil }
        return ridge.present
            ? "RIDGE_SUSPECTED: the ridge map marks a possible demarcation ridge (p=\(String(format: "%.2f", ridge.confidence))) although the ROP classifier finds no ROP; examine the periphery."
            : "RIDGE_NOT_SEEN: the ROP classifier finds ROP but the ridge map marks no ridge; the sign may lie outside this view or be plus disease alone."
    }
}
