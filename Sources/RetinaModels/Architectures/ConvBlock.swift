import Torch
import TorchNN

/// Two 3×3 convolutions, each followed by batch norm and ReLU: the U-Net's unit.
public final class ConvBlock: ModuleBase, Layer, InferencePreparable {
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d

    public init(_ inChannels: Int, _ outChannels: Int, generator: RandomGenerator) throws {
        conv1 = try Conv2d(inChannels, outChannels, kernel: 3, padding: 1, bias: false, generator: generator)
        bn1 = try BatchNorm2d(outChannels)
        conv2 = try Conv2d(outChannels, outChannels, kernel: 3, padding: 1, bias: false, generator: generator)
        bn2 = try BatchNorm2d(outChannels)
    }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)]
    }

    /// Folds each batch norm into its convolution (see `InferencePreparable`).
    public func prepareForInference() throws {
        try conv1.prepareForInference(folding: bn1)
        try conv2.prepareForInference(folding: bn2)
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try bn2(conv2(bn1(conv1(input)).relu())).relu()
    }
}
