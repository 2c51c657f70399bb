import Foundation
import FundusImaging
import Torch
import TorchNN

/// Which eye a photograph shows, from a ResNet on the field-of-view crop.
/// Labels are ["left", "right"].
public final class LateralityClassifier: Sendable {
    public let classifier: FundusClassifier
    public var card: ModelCard { classifier.card }

    public struct Prediction: Codable, Sendable, Equatable {
        public var eye: Eye
        /// Probability of the predicted eye.
        public var confidence: Double
        public var probabilityRight: Double

        public init(eye: Eye, confidence: Double, probabilityRight: Double) {
            (self.eye, self.confidence, self.probabilityRight) = (eye, confidence, probabilityRight)
        }

        /// The eye from the classifier's probabilities.
        public init(_ prediction: FundusClassifier.Prediction) {
            let right = prediction.probability(of: "right") ?? 0
            self.init(eye: right >= 0.5 ? .right : .left, confidence: max(right, 1 - right), probabilityRight: right)
        }
    }

    public init(classifier: FundusClassifier) throws {
        guard classifier.card.labels == ["left", "right"] else {
            throw ModelBundleError(model: classifier.card.name, "a laterality model has the labels [left, right], not \(classifier.card.labels)")
        }
        self.classifier = classifier
    }

    public convenience init(bundle: ModelBundle) throws { try self.init(classifier: FundusClassifier(bundle: bundle)) }

    public static func bundled() throws -> LateralityClassifier { try LateralityClassifier(classifier: .bundled("laterality")) }

    public func predict(_ photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> Prediction {
        Prediction(try classifier.predict(photo, fieldOfView: fieldOfView))
    }
}
