import Torch
import TorchNN

/// An image classifier split at its last feature map, the seams that transfer
/// learning, Grad-CAM and the evidence map need: a backbone (`forwardFeatures`)
/// under the `ClassifierHead` that ResNet and EfficientNet-Lite share.
public protocol ClassifierNetwork: Layer {
    /// The last feature map (N, C, h, w).
    func forwardFeatures(_ input: Tensor) throws -> Tensor
    var head: ClassifierHead { get }
}

extension ClassifierNetwork {
    /// Outputs of the head.
    public var classes: Int { head.classes }

    /// Whether the head also reads a per-cell evidence map.
    public var hasEvidenceMap: Bool { head.evidence != nil }

    /// The evidence logits of every feature-map cell (N, 1, h, w), or nil without an evidence map.
    public func forwardEvidence(_ features: Tensor) throws -> Tensor? { try head.forwardEvidence(features) }

    /// Logits (N, classes) from a feature map: global average pool, dropout,
    /// (with the evidence map's highest cell beside them) linear.
    public func forwardHead(_ features: Tensor) throws -> Tensor { try head(features) }

    /// A new, untrained head for `classes` classes (transfer to another task).
    public func resetClassifier(classes: Int) throws { try head.reset(classes: classes) }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try forwardHead(forwardFeatures(input)) }
}
