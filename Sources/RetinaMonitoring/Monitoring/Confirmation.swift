import Foundation

/// A doctor's truth about one analysis, joined with what each model predicted: per model name
/// (`rop`, `quality`, `laterality`) the prediction and the truth as one binary outcome.
public struct Confirmation: Sendable, Hashable, Codable {
    public var analysisID: String
    public var confirmedAt: Date
    public var outcomes: [String: LabelledPrediction]

    public init(analysisID: String, confirmedAt: Date, outcomes: [String: LabelledPrediction]) {
        self.analysisID = analysisID
        self.confirmedAt = confirmedAt
        self.outcomes = outcomes
    }
}
