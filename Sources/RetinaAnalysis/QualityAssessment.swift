import FundusImaging
import RetinaModels

/// Whether a photograph can be graded: the quality classifier's verdict and
/// score, and the measured reasons that say what to change at a retake.
public struct QualityAssessment: Codable, Sendable, Equatable {
    /// `good`, `bad` (ungradable) or `outlier` (not a fundus photograph).
    public var verdict: String
    /// Probability that the photograph is gradable (the `good` class).
    public var score: Double
    /// Probability of the verdict.
    public var confidence: Double
    public var probabilities: [String: Double]
    public var measures: ImageQualityMeasures
    /// Measures outside the range of gradable photographs (may be present for a
    /// `good` verdict, as warnings).
    public var reasons: [QualityReason]

    public var isFundus: Bool { verdict != "outlier" }
    public var isGradable: Bool { verdict == "good" }

    /// `card` decides the verdict (its outlier threshold, see `ModelCard.decide`).
    public init(prediction: FundusClassifier.Prediction, card: ModelCard, measures: ImageQualityMeasures) {
        let decided = card.decide(prediction.probabilities)
        verdict = prediction.labels[decided]
        score = prediction.probability(of: "good") ?? 0
        confidence = prediction.probabilities[decided]
        probabilities = Dictionary(uniqueKeysWithValues: zip(prediction.labels, prediction.probabilities))
        self.measures = measures
        reasons = verdict == "outlier" ? [] : QualityReason.reasons(for: measures, references: card.references ?? [:])
    }

    /// Runs the quality model (`labels` good, bad, outlier), unless its `prediction`
    /// was made already (in a batch), and the measures on a photograph.
    public static func assess(_ photo: FundusImage, fieldOfView: FieldOfView, classifier: FundusClassifier,
                              prediction: FundusClassifier.Prediction? = nil) throws -> QualityAssessment {
        let prediction = try prediction ?? classifier.predict(photo, fieldOfView: fieldOfView)
        let measures = try ImageQualityMeasures.measure(photo.image, fieldOfView: fieldOfView)
        return QualityAssessment(prediction: prediction, card: classifier.card, measures: measures)
    }
}
