import Torch
import TorchNN

/// A 2-D convolution whose kernel is spectrally normalised (see `SpectralNormalization`).
public final class SpectralConv2d: ModuleBase, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Pair
    public let padding: Pair
    public let spectral: SpectralNormalization

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Pair, stride: Pair = 1, padding: Pair = 0,
                bias: Bool = true, generator: RandomGenerator) throws {
        // Weights as PyTorch's default convolution initialises them; the normalisation rescales them anyway.
        let plain = try Conv2d(inChannels, outChannels, kernel: kernel, stride: stride, padding: padding, bias: bias, generator: generator)
        weight = plain.weight
        self.bias = plain.bias
        self.stride = stride
        self.padding = padding
        spectral = try SpectralNormalization(rows: outChannels, columns: inChannels * kernel.height * kernel.width, generator: generator)
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var ownBuffers: [(name: String, tensor: Tensor)] { [("weight_u", spectral.u), ("weight_v", spectral.v)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.conv2d(weight: spectral.normalize(weight, training: isTraining), bias: bias, stride: stride, padding: padding)
    }
}
