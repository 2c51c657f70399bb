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
    /// True when the model first took the photograph for no fundus and the verdict is its
    /// judgement after the colours were mapped to those of its training photographs (another
    /// camera's colour cast); nil otherwise.
    public var colourNormalised: Bool?

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
    ///
    /// "Not a fundus" is decided by what makes a fundus photograph, not by a colour range: a
    /// photograph the model calls an outlier is judged again with its colours mapped to those of
    /// the model's training photographs (`ColourReference`), and that judgement stands when it
    /// finds a fundus and the photograph has a fundus camera's round field (its coverage at least
    /// that of the gradable photographs' reference range). A room, a face or an external-eye
    /// picture stays an outlier; a bluish or violet wide-field infant photograph does not.
    public static func assess(_ photo: FundusImage, fieldOfView: FieldOfView, classifier: FundusClassifier,
                              prediction: FundusClassifier.Prediction? = nil) throws -> QualityAssessment {
        let prediction = try prediction ?? classifier.predict(photo, fieldOfView: fieldOfView)
        let measures = try ImageQualityMeasures.measure(photo.image, fieldOfView: fieldOfView)
        let assessment = QualityAssessment(prediction: prediction, card: classifier.card, measures: measures)
        guard !assessment.isFundus, let colours = classifier.colourReference,
              let field = classifier.card.references?["fieldOfViewCoverage"], fieldOfView.coverage >= field.lowerBound else { return assessment }
        let recoloured = try FundusImage(photo.image.recoloured(toChannelMeans: colours.means, inside: fieldOfView.mask))
        var again = QualityAssessment(prediction: try classifier.predict(recoloured, fieldOfView: fieldOfView), card: classifier.card,
                                      measures: measures)
        guard again.isFundus else { return assessment }
        again.colourNormalised = true
        return again
    }
}
