import Foundation
import FundusImaging
import Torch
import TorchNN

/// An image-level classifier (quality, lesion, laterality): a `ClassifierNetwork` on the
/// photograph prepared as its card says, with the card's labels.
public final class FundusClassifier: @unchecked Sendable {
    public let card: ModelCard
    /// The colours of its training photographs, when its bundle has a reference profile.
    public private(set) var colourReference: ColourReference?
    let network: any ClassifierNetwork
    /// Serialises inference: a module's tensors are shared state.
    private let lock = NSLock()

    /// Class probabilities for one photograph, in the order of the card's labels.
    public struct Prediction: Codable, Sendable, Equatable {
        public var labels: [String]
        public var probabilities: [Double]
        /// The backbone's last feature map averaged over space (what the head reads): a compact
        /// embedding of the photograph, for drift monitoring. Not encoded.
        public var pooledFeatures: [Double]?

        public init(labels: [String], probabilities: [Double], pooledFeatures: [Double]? = nil) {
            self.labels = labels
            self.probabilities = probabilities
            self.pooledFeatures = pooledFeatures
        }

        private enum CodingKeys: String, CodingKey {
            case labels, probabilities
        }

        public var classIndex: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0 }
        public var label: String { labels[classIndex] }
        public var confidence: Double { probabilities[classIndex] }

        public func probability(of label: String) -> Double? {
            labels.firstIndex(of: label).map { probabilities[$0] }
        }
    }

    public init(card: ModelCard, network: any ClassifierNetwork) throws {
        guard network.classes == card.labels.count else {
            throw ModelBundleError(model: card.name, "the network has \(network.classes) outputs for \(card.labels.count) labels")
        }
        self.card = card
        self.network = network
    }

    public convenience init(bundle: ModelBundle) throws {
        guard let network = bundle.network as? any ClassifierNetwork else { throw ModelBundleError(model: bundle.card.name, "not an image classifier") }
        try self.init(card: bundle.card, network: network)
        colourReference = try ColourReference.read(fromBundle: bundle.directory)
    }

    /// Whether the network also scores every feature cell for regional evidence (`EvidenceMap`).
    public var hasEvidenceMap: Bool { network.hasEvidenceMap }

    /// A bundled model: `Models/<name>` (`quality`, `lesion`, `laterality`).
    public static func bundled(_ name: String) throws -> FundusClassifier {
        try FundusClassifier(bundle: ModelBundle(directory: ModelBundle.bundledRoot().appendingPathComponent(name)))
    }

    /// The photograph as the network sees it (with the map back to its pixels) and the input tensor.
    public func prepare(_ photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> (image: FundusImage, input: Tensor) {
        let prepared = try card.preprocessing.prepare(photo, fieldOfView: fieldOfView)
        return (prepared, try card.preprocessing.tensor(for: prepared.image))
    }

    public func predict(_ photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> Prediction {
        try predict(inputs: [prepare(photo, fieldOfView: fieldOfView).input])[0]
    }

    /// Predictions for prepared inputs (1, C, H, W) of one size, run as one batch, each with
    /// its pooled features (one mean over the feature map the head reads anyway).
    public func predict(inputs: [Tensor]) throws -> [Prediction] {
        guard !inputs.isEmpty else { return [] }
        let batch = try inputs.count == 1 ? inputs[0] : Tensor.cat(inputs)
        let (p, pooled) = try withNetwork { network in
            try withNoGrad {
                let features = try network.forwardFeatures(batch)
                return (try network.forwardHead(features).softmax(dim: 1).toArray(of: Float.self),
                        try features.mean(dims: [2, 3]).toArray(of: Float.self))
            }
        }
        let k = card.labels.count
        let c = pooled.count / inputs.count
        return (0 ..< inputs.count).map { i in
            Prediction(labels: card.labels, probabilities: p[i * k ..< (i + 1) * k].map(Double.init),
                       pooledFeatures: pooled[i * c ..< (i + 1) * c].map(Double.init))
        }
    }

    /// Runs `body` with the network in evaluation mode and no other inference in flight
    /// (Grad-CAM needs the network itself, with gradients).
    public func withNetwork<R>(_ body: (any ClassifierNetwork) throws -> R) throws -> R {
        lock.lock()
        defer { lock.unlock() }
        network.eval()
        return try body(network)
    }

    /// Runs in float32 inference form from now on (batch norm folded, channels-last,
    /// see `InferencePreparable`): the same outputs within float rounding, faster on every CPU.
    public func prepareForInference() throws {
        lock.lock()
        defer { lock.unlock() }
        try network.prepareTreeForInference()
    }
}
