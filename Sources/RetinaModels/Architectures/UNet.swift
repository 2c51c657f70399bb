import Torch
import TorchNN

/// Width and depth of a U-Net.
public struct UNetConfiguration: Codable, Sendable, Equatable {
    public var inputChannels: Int
    public var outputChannels: Int
    /// Channels of the first level; each level down doubles them.
    public var baseWidth: Int
    /// Number of 2× downsamplings; inputs must be multiples of 2^depth (inference pads).
    public var depth: Int

    public init(inputChannels: Int = 3, outputChannels: Int = 1, baseWidth: Int = 16, depth: Int = 3) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.baseWidth = baseWidth
        self.depth = depth
    }

    public var sizeMultiple: Int { 1 << depth }
}

/// U-Net (Ronneberger et al. 2015) with batch norm: an encoder of conv blocks
/// and max-pooling, a bottleneck, a decoder of 2×2 transposed convolutions
/// joined with the encoder's features, and a 1×1 head giving logits.
public final class UNet: ModuleBase, Layer {
    public let configuration: UNetConfiguration
    let encoder: [ConvBlock]
    let bottleneck: ConvBlock
    let upsample: [ConvTranspose2d]
    let decoder: [ConvBlock]
    let head: Conv2d

    public init(_ configuration: UNetConfiguration, generator: RandomGenerator) throws {
        guard configuration.depth >= 1, configuration.baseWidth >= 1 else {
            throw TorchError("a U-Net needs depth ≥ 1 and width ≥ 1, got \(configuration)")
        }
        self.configuration = configuration
        let widths = (0 ... configuration.depth).map { configuration.baseWidth << $0 }
        var encoder: [ConvBlock] = []
        var inputs = configuration.inputChannels
        for level in 0 ..< configuration.depth {
            encoder.append(try ConvBlock(inputs, widths[level], generator: generator))
            inputs = widths[level]
        }
        self.encoder = encoder
        bottleneck = try ConvBlock(inputs, widths[configuration.depth], generator: generator)
        var upsample: [ConvTranspose2d] = []
        var decoder: [ConvBlock] = []
        for level in (0 ..< configuration.depth).reversed() {
            upsample.append(try ConvTranspose2d(widths[level + 1], widths[level], kernel: 2, stride: 2, generator: generator))
            decoder.append(try ConvBlock(2 * widths[level], widths[level], generator: generator))
        }
        self.upsample = upsample
        self.decoder = decoder
        head = try Conv2d(widths[0], configuration.outputChannels, kernel: 1, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        encoder.enumerated().map { ("encoder.\($0.offset)", $0.element as any Module) }
            + [("bottleneck", bottleneck)]
            + upsample.enumerated().map { ("upsample.\($0.offset)", $0.element as any Module) }
            + decoder.enumerated().map { ("decoder.\($0.offset)", $0.element as any Module) }
            + [("head", head)]
    }

    /// Logits (N, outputChannels, H, W) for input (N, inputChannels, H, W), H and W multiples of 2^depth.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let multiple = configuration.sizeMultiple
        guard input.rank == 4, input.shape[2] % multiple == 0, input.shape[3] % multiple == 0 else {
            throw TorchError("U-Net input \(input.shape) must be NCHW with H and W multiples of \(multiple)")
        }
        var skips: [Tensor] = []
        var x = input
        for block in encoder {
            x = try block(x)
            skips.append(x)
            x = try x.maxPool2d(kernel: 2)
        }
        x = try bottleneck(x)
        for (up, block) in zip(upsample, decoder) {
            x = try block(Tensor.cat([skips.removeLast(), up(x)], dim: 1))
        }
        return try head(x)
    }
}
