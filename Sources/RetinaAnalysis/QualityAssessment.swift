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
    /// Why an ungradable (`bad`) photograph should be retaken: its measures outside
    /// the range of gradable photographs. Empty for a `good` verdict, so that a
    /// verdict and its reasons never contradict each other.
    public var reasons: [QualityReason]
    /// For a `good` verdict, the measures that are still outside that range: advice
    /// for the next photograph, not a call to retake (nil in reports stored before).
    public var advisories: [QualityReason]?

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
        let outOfRange = verdict == "outlier" ? [] : QualityReason.reasons(for: measures, references: card.references ?? [:])
        reasons = verdict == "bad" ? outOfRange : []
        advisories = verdict == "good" ? outOfRange : []
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
