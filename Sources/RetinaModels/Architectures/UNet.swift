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
public final class UNet: ModuleBase, Layer, InferencePreparable {
    public let configuration: UNetConfiguration
    let encoder: [ConvBlock]
    let bottleneck: ConvBlock
    let upsample: [ConvTranspose2d]
    let decoder: [ConvBlock]
    let head: Conv2d
    /// Whether the network computes in bfloat16 with channels-last tensors (see `useReducedPrecision`).
    public private(set) var reducedPrecision = false
    /// Whether the network runs in its float32 inference form (see `prepareForInference`).
    public private(set) var preparedForInference = false
    /// In reduced precision, each 2×2 stride-2 transposed convolution as a 1×1
    /// convolution to 4× the channels (then moved into place), with its bias.
    private var upsampleAsConvolution: [(weight: Tensor, bias: Tensor?)] = []

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
        var x = reducedPrecision ? try input.to(.bfloat16).channelsLast() : preparedForInference ? try input.channelsLast() : input
        for block in encoder {
            x = try block(x)
            skips.append(x)
            x = try x.maxPool2d(kernel: 2)
        }
        x = try bottleneck(x)
        for (level, (up, block)) in zip(upsample, decoder).enumerated() {
            let upsampled = reducedPrecision ? try upsampleReduced(x, level: level) : try up(x)
            x = try block(Tensor.cat([skips.removeLast(), upsampled], dim: 1))
        }
        let output = try head(x)
        return reducedPrecision ? try output.to(.float32).contiguous() : preparedForInference ? try output.contiguous() : output
    }

    /// From now on computes in float32 with batch norm folded into the convolutions,
    /// channels-last activations (oneDNN's fast order; max pooling is 20× faster in it
    /// here) and the transposed convolutions as 1×1 convolutions (see
    /// `ConvTranspose2d.prepareForInference`): the same outputs within float rounding.
    /// For inference only; not combined with `useReducedPrecision`, which keeps its own form.
    public func prepareForInference() throws {
        guard !preparedForInference, !reducedPrecision else { return }
        for block in encoder + [bottleneck] + decoder { try block.prepareForInference() }
        for up in upsample { try up.prepareForInference() }
        try head.prepareForInference()
        preparedForInference = true
    }

    /// From now on computes in bfloat16, with channels-last weights and
    /// activations: half the memory traffic of float32, which is what bounds a
    /// U-Net on a CPU, and native arithmetic where the CPU has it
    /// (`Runtime.hasNativeBFloat16`). For inference only: probabilities move by
    /// up to about 0.02.
    public func useReducedPrecision() throws {
        guard !reducedPrecision else { return }
        guard !preparedForInference else { throw TorchError("a U-Net prepared for float32 inference cannot switch to bfloat16") }
        let converted: [any Module] = encoder + [bottleneck] + decoder + [head]
        for module in converted {
            try module.convertFloatingTensors { t in t.rank == 4 ? try t.to(.bfloat16).channelsLast() : try t.to(.bfloat16) }
        }
        // libtorch 1.13 cannot run a bfloat16 transposed convolution, and its float32 one goes
        // through BLAS. Output channel c at offset (i, j) is a 1×1 convolution's channel 4c + 2i + j.
        upsampleAsConvolution = try upsample.map { up in
            let (inputs, outputs) = (up.weight.shape[0], up.weight.shape[1])
            let weight = try up.weight.detached().permuted([1, 2, 3, 0]).reshaped([outputs * 4, inputs, 1, 1])
            return (try weight.to(.bfloat16).channelsLast(), try up.bias.map { try $0.detached().to(.bfloat16).reshaped([1, outputs, 1, 1]) })
        }
        reducedPrecision = true
    }

    private func upsampleReduced(_ x: Tensor, level: Int) throws -> Tensor {
        let (weight, bias) = upsampleAsConvolution[level]
        let (n, h, w, c) = (x.shape[0], x.shape[2], x.shape[3], weight.shape[0] / 4)
        let shuffled = try x.conv2d(weight: weight).reshaped([n, c, 2, 2, h, w]).permuted([0, 1, 4, 2, 5, 3]).reshaped([n, c, 2 * h, 2 * w])
        return try (bias.map { try shuffled + $0 } ?? shuffled).channelsLast()
    }
}
