import Torch

/// The basic ResNet block: conv3×3–BN–ReLU–conv3×3–BN plus the input (through a
/// 1×1 conv–BN projection when the shape changes), then ReLU. Parameter names
/// follow torchvision (`conv1`, `bn1`, `conv2`, `bn2`, `downsample.0/1`).
public final class ResidualBlock: ModuleBase, Layer, InferencePreparable {
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    public let downsample: Sequential?

    public init(_ inChannels: Int, _ outChannels: Int, stride: Int = 1, generator: RandomGenerator) throws {
        conv1 = try Conv2d(inChannels, outChannels, kernel: 3, stride: Pair(stride), padding: 1, bias: false, generator: generator)
        bn1 = try BatchNorm2d(outChannels)
        conv2 = try Conv2d(outChannels, outChannels, kernel: 3, padding: 1, bias: false, generator: generator)
        bn2 = try BatchNorm2d(outChannels)
        downsample = stride != 1 || inChannels != outChannels
            ? Sequential([
                try Conv2d(inChannels, outChannels, kernel: 1, stride: Pair(stride), bias: false, generator: generator),
                try BatchNorm2d(outChannels),
            ])
            : nil
    }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)]
            + (downsample.map { [("downsample", $0 as any Module)] } ?? [])
    }

    /// Folds each batch norm into its convolution (see `InferencePreparable`).
    public func prepareForInference() throws {
        try conv1.prepareForInference(folding: bn1)
        try conv2.prepareForInference(folding: bn2)
        try downsample?.prepareForInference()
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let main = try bn2(conv2(bn1(conv1(input)).relu()))
        let skip = try downsample.map { try $0(input) } ?? input
        return try (main + skip).relu()
    }
}
