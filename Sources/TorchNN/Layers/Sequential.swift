import Torch

/// Layers applied in order; children are named "0", "1", … as in PyTorch.
public final class Sequential: ModuleBase, Layer, InferencePreparable {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }

    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    /// Folds every batch norm that directly follows a convolution into it and prepares the other layers.
    public func prepareForInference() throws {
        for (index, layer) in layers.enumerated() {
            if let conv = layer as? Conv2d {
                try conv.prepareForInference(folding: layers.dropFirst(index + 1).first as? BatchNorm2d)
            } else if !(layer is BatchNorm2d) {
                try layer.prepareTreeForInference()
            }
        }
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try layers.reduce(input) { try $1($0) }
    }
}
