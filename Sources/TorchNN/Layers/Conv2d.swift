import Torch

/// 2-D convolution over NCHW input; weight is (out, in / groups, kH, kW).
public final class Conv2d: ModuleBase, Layer {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Pair
    public let padding: Pair
    public let dilation: Pair
    public let groups: Int

    public init(
        _ inChannels: Int, _ outChannels: Int, kernel: Pair, stride: Pair = 1, padding: Pair = 0,
        dilation: Pair = 1, groups: Int = 1, bias: Bool = true, generator: RandomGenerator
    ) throws {
        guard groups > 0, inChannels % groups == 0, outChannels % groups == 0 else {
            throw TorchError("channels \(inChannels)→\(outChannels) are not divisible by \(groups) groups")
        }
        let fanIn = inChannels / groups * kernel.height * kernel.width
        let bound = Initialization.defaultBound(fanIn: fanIn)
        weight = try Initialization.uniform(
            [outChannels, inChannels / groups, kernel.height, kernel.width], bound: bound, generator: generator)
        self.bias = bias ? try Initialization.uniform([outChannels], bound: bound, generator: generator) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
}
