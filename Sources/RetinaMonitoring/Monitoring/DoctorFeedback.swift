import Foundation
import FundusImaging
import RetinaAnalysis

/// What a doctor confirmed about one analysed photograph (`POST /v1/analyses/{id}/feedback`):
/// whether it shows ROP, its quality, which eye. Any may be left out.
public struct DoctorFeedback: Sendable, Hashable, Codable {
    public enum Quality: String, Sendable, Hashable, Codable, CaseIterable {
        case good, bad, outlier
    }

    public var rop: Bool?
    public var quality: Quality?
    public var eye: Eye?

    public init(rop: Bool? = nil, quality: Quality? = nil, eye: Eye? = nil) {
        self.rop = rop
        self.quality = quality
        self.eye = eye
    }

    public var isEmpty: Bool { rop == nil && quality == nil && eye == nil }

    /// The model names confirmations are keyed by.
    public static let ropModel = "rop"
    public static let qualityModel = "quality"
    public static let lateralityModel = "laterality"

    /// Each model's prediction in `report` against this truth, as a binary outcome: ROP
    /// (positive: ROP), quality (positive: gradable, `good`), laterality (positive: right eye).
    /// A model the report has no answer from, or a truth left out, gives no outcome.
    public func outcomes(for report: Report) -> [String: LabelledPrediction] {
        var outcomes: [String: LabelledPrediction] = [:]
        if let rop, let finding = report.rop?.finding {
            outcomes[Self.ropModel] = LabelledPrediction(predictedPositive: finding == "rop", actuallyPositive: rop)
        }
        if let quality, let verdict = report.quality?.verdict {
            outcomes[Self.qualityModel] = LabelledPrediction(predictedPositive: verdict == Quality.good.rawValue,
                                                            actuallyPositive: quality == .good)
        }
        if let eye, let predicted = report.laterality?.eye {
            outcomes[Self.lateralityModel] = LabelledPrediction(predictedPositive: predicted == .right, actuallyPositive: eye == .right)
        }
        return outcomes
    }
}
