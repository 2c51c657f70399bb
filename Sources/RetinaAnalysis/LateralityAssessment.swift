import FundusImaging
import RetinaModels

/// The eye, from the classifier and from the landmark layout; a disagreement is
/// reported, never hidden, and marks the photograph for review.
public struct LateralityAssessment: Codable, Sendable, Equatable {
    public var eye: Eye
    public var confidence: Double
    public var classifier: LateralityClassifier.Prediction?
    public var fromGeometry: Eye?
    public var agreement: Bool
    public var needsReview: Bool

    /// The classifier decides when there is one; geometry confirms it or raises a flag.
    /// Geometry counts only when both landmarks were found.
    public init(classifier: LateralityClassifier.Prediction?, geometry: ZoneGeometry?, landmarksFound: Bool) {
        self.classifier = classifier
        fromGeometry = landmarksFound ? geometry?.eyeFromGeometry : nil
        switch (classifier, fromGeometry) {
        case (let c?, let g?):
            eye = c.eye
            agreement = c.eye == g
            confidence = agreement ? c.confidence : c.confidence * 0.5
        case (let c?, nil):
            eye = c.eye
            agreement = true
            confidence = c.confidence
        case (nil, let g?):
            eye = g
            agreement = true
            confidence = 0.5
        case (nil, nil):
            eye = .right
            agreement = false
            confidence = 0
        }
        needsReview = !agreement || confidence < 0.8
    }
}
