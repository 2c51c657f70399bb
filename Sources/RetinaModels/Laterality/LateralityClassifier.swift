import Foundation
import FundusImaging
import Torch
import TorchNN

/// Which eye a photograph shows, from a ResNet on the field-of-view crop.
/// Labels are ["left", "right"].
public final class LateralityClassifier: @unchecked Sendable {
    public let card: ModelCard
    let network: any Layer
    private let lock = NSLock()

    public struct Prediction: Codable, Sendable, Equatable {
        public var eye: Eye
        /// Probability of the predicted eye.
        public var confidence: Double
        public var probabilityRight: Double

        public init(eye: Eye, confidence: Double, probabilityRight: Double) {
            (self.eye, self.confidence, self.probabilityRight) = (eye, confidence, probabilityRight)
        }
    }

    public init(card: ModelCard, network: any Layer) {
        self.card = card
        self.network = network
    }

    public convenience init(bundle: ModelBundle) { self.init(card: bundle.card, network: bundle.network) }

    public static func bundled() throws -> LateralityClassifier {
        try LateralityClassifier(bundle: ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent("laterality")))
    }

    public func predict(_ photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> Prediction {
        let prepared = try card.preprocessing.prepare(photo, fieldOfView: fieldOfView)
        let input = try card.preprocessing.tensor(for: prepared.image)
        lock.lock()
        defer { lock.unlock() }
        network.eval()
        let p = try withNoGrad { try network(input).softmax(dim: 1).toArray(of: Float.self) }
        let right = Double(p[1])
        return Prediction(eye: right >= 0.5 ? .right : .left, confidence: max(right, 1 - right), probabilityRight: right)
    }
}
