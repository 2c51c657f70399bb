import Torch

/// Zeroes activations with probability `p` while training; draws from its own generator.
public final class Dropout: ModuleBase, Layer {
    public let p: Double
    let generator: RandomGenerator

    public init(p: Double, generator: RandomGenerator) throws {
        guard (0...1).contains(p) else { throw TorchError("dropout probability \(p) is outside [0, 1]") }
        self.p = p
        self.generator = generator
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.dropout(p: p, training: isTraining, generator: generator)
    }
}
