import Torch
import TorchNN

/// An image classifier split at its last feature map, the seams that transfer
/// learning, Grad-CAM and the evidence map need. ResNet and EfficientNet-Lite
/// share one `ClassifierHead` behind it.
public protocol ClassifierNetwork: Layer {
    /// Outputs of the head.
    var classes: Int { get }
    /// Whether the head also reads a per-cell evidence map.
    var hasEvidenceMap: Bool { get }
    /// The last feature map (N, C, h, w).
    func forwardFeatures(_ input: Tensor) throws -> Tensor
    /// The evidence logits of every feature-map cell (N, 1, h, w), or nil without an evidence map.
    func forwardEvidence(_ features: Tensor) throws -> Tensor?
    /// Logits (N, classes) from a feature map.
    func forwardHead(_ features: Tensor) throws -> Tensor
    /// A new, untrained head for `classes` classes (transfer to another task).
    func resetClassifier(classes: Int) throws
}

extension ClassifierNetwork {
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try forwardHead(forwardFeatures(input)) }
}
