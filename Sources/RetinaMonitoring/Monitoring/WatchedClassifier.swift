import Foundation

/// A classifier as monitoring watches it: the reference profile of its training data, the
/// profile feature that carries its positive-class score with the card's operating threshold
/// (for CBPE), and the card's figures that live performance is held to.
public struct WatchedClassifier: Sendable, Hashable {
    /// The model's name, which confirmations' outcomes are keyed by.
    public var model: String
    public var version: String
    public var reference: ReferenceProfile?
    /// A numeric profile feature (`rop_probability`, `quality_score`).
    public var scoreFeature: String?
    /// Estimates performance before labels; nil without a calibration in the reference.
    public var estimator: ConfidenceBasedPerformanceEstimator?
    /// The card's sensitivity, specificity and accuracy (those it states).
    public var cardFigures: [PerformanceMetric: Double]

    public init(model: String, version: String, reference: ReferenceProfile?, scoreFeature: String? = nil,
                estimator: ConfidenceBasedPerformanceEstimator? = nil, cardFigures: [PerformanceMetric: Double] = [:]) {
        self.model = model
        self.version = version
        self.reference = reference
        self.scoreFeature = scoreFeature
        self.estimator = estimator
        self.cardFigures = cardFigures
    }
}
