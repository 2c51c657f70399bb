import Torch

/// Transposed 2-D convolution (learned upsampling); weight is (in, out / groups, kH, kW).
public final class ConvTranspose2d: ModuleBase, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Pair
    public let padding: Pair
    public let outputPadding: Pair

    public init(
        _ inChannels: Int, _ outChannels: Int, kernel: Pair, stride: Pair = 1, padding: Pair = 0,
        outputPadding: Pair = 0, bias: Bool = true, generator: RandomGenerator
    ) throws {
        // PyTorch computes fan-in from weight dim 1, i.e. out channels × kernel area.
        let bound = Initialization.defaultBound(fanIn: outChannels * kernel.height * kernel.width)
        weight = try Initialization.uniform(
            [inChannels, outChannels, kernel.height, kernel.width], bound: bound, generator: generator)
        self.bias = bias ? try Initialization.uniform([outChannels], bound: bound, generator: generator) : nil
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
    }
}
