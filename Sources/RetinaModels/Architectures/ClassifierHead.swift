import Torch
import TorchNN

/// Global average pooling, dropout and a linear layer over a feature map, with
/// (optionally) a 1×1 convolution that scores every cell for regional evidence
/// (e.g. lesions, learnt from boxes) whose highest cell joins the pooled features:
/// the image-level decision can then rest on where the evidence is.
///
/// Not a module of its own: its owner lists `children` among its own, so the
/// weights keep the names `evidence.*` and `head.*` at the owner's top level.
public final class ClassifierHead {
    let featureCount: Int
    private(set) var classes: Int
    let evidence: Conv2d?
    private(set) var linear: Linear
    let dropout: Dropout
    private let generator: RandomGenerator

    public init(features: Int, classes: Int, dropout: Double, evidenceMap: Bool, generator: RandomGenerator) throws {
        featureCount = features
        self.classes = classes
        self.generator = generator
        evidence = evidenceMap ? try Conv2d(features, 1, kernel: 1, generator: generator) : nil
        linear = try Linear(features + (evidenceMap ? 1 : 0), classes, generator: generator)
        self.dropout = try Dropout(p: dropout, generator: generator)
    }

    /// The owner's children for the head; dropout has no parameters, but it must
    /// be a child so that `eval()` reaches it.
    var children: [(name: String, module: any Module)] {
        (evidence.map { [("evidence", $0 as any Module)] } ?? []) + [("head", linear), ("dropout", dropout)]
    }

    func forwardEvidence(_ features: Tensor) throws -> Tensor? {
        try evidence?(features)
    }

    func callAsFunction(_ features: Tensor) throws -> Tensor {
        let pooled = try dropout(features.adaptiveAvgPool2d(1).flattened(from: 1))
        guard let map = try forwardEvidence(features) else { return try linear(pooled) }
        return try linear(Tensor.cat([pooled, map.flattened(from: 1).max(dims: [1], keepDims: true)], dim: 1))
    }

    func reset(classes: Int) throws {
        linear = try Linear(featureCount + (evidence == nil ? 0 : 1), classes, generator: generator)
        self.classes = classes
    }
}
