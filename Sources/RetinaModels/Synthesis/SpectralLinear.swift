import Torch
import TorchNN

/// y = x (W/σ(W))ᵀ + b, with σ estimated by power iteration (see `SpectralNormalization`).
/// Without a bias and fed one-hot rows it is a spectrally normalised embedding.
public final class SpectralLinear: ModuleBase, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let spectral: SpectralNormalization

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: RandomGenerator) throws {
        let plain = try Linear(inFeatures, outFeatures, bias: bias, generator: generator)
        weight = plain.weight
        self.bias = plain.bias
        spectral = try SpectralNormalization(rows: outFeatures, columns: inFeatures, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var ownBuffers: [(name: String, tensor: Tensor)] { [("weight_u", spectral.u), ("weight_v", spectral.v)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: spectral.normalize(weight, training: isTraining), bias: bias)
    }
}
