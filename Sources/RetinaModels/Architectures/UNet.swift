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
    /// The int8 form (see `useInt8`), when chosen.
    private var int8: Int8Form?
    /// Records activation ranges while the float32 inference form runs (see `observe`).
    private var observer: ActivationObserver?

    /// Whether the network computes in int8 (see `useInt8`).
    public var runsInInt8: Bool { int8 != nil }

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
        if let int8 { return try int8Forward(input, int8) }
        if preparedForInference { return try inferenceForward(input) }
        var skips: [Tensor] = []
        var x = reducedPrecision ? try input.to(.bfloat16).channelsLast() : input
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
        return reducedPrecision ? try output.to(.float32).contiguous() : output
    }

    /// The float32 inference form, each activation the int8 form quantizes passed to the observer (if any).
    private func inferenceForward(_ input: Tensor) throws -> Tensor {
        let observer = observer
        func noted(_ name: String, _ t: Tensor) throws -> Tensor {
            try observer?.record(name, t)
            return t
        }
        func run(_ block: ConvBlock, _ name: String, _ x: Tensor) throws -> Tensor {
            let first = try noted(name + ".conv1", block.conv1(x).relu())
            return try noted(name + ".conv2", block.conv2(first).relu())
        }
        var skips: [Tensor] = []
        var x = try noted("input", input.channelsLast())
        for (index, block) in encoder.enumerated() {
            x = try run(block, "encoder.\(index)", x)
            skips.append(x)
            x = try x.maxPool2d(kernel: 2)
        }
        x = try run(bottleneck, "bottleneck", x)
        for (level, (up, block)) in zip(upsample, decoder).enumerated() {
            let upsampled = try noted("upsample.\(level)", up(x))
            x = try run(block, "decoder.\(level)", noted("concat.\(level)", Tensor.cat([skips.removeLast(), upsampled], dim: 1)))
        }
        return try head(x).contiguous()
    }

    /// The int8 form: the same steps on quantized tensors, the head in float32.
    private func int8Forward(_ input: Tensor, _ form: Int8Form) throws -> Tensor {
        func run(_ block: [QuantizedStep], _ x: Tensor) throws -> Tensor { try block.reduce(x) { try $1($0) } }
        var skips: [Tensor] = []
        var x = try input.channelsLast().quantized(scale: form.input.scale, zeroPoint: form.input.zeroPoint)
        for block in form.encoder {
            x = try run(block, x)
            skips.append(x)
            x = try x.maxPool2d(kernel: 2)
        }
        x = try run(form.bottleneck, x)
        for (level, up) in upsample.enumerated() {
            let upsampled = try up.placed(form.upsample[level](x))
            let join = form.joins[level]
            x = try run(form.decoder[level], Tensor.quantizedCat([skips.removeLast(), upsampled], dim: 1, scale: join.scale, zeroPoint: join.zeroPoint))
        }
        return try head(x.dequantized()).contiguous()
    }

    /// From now on, until `stopObserving`, records the ranges of the activations
    /// the int8 form quantizes while the float32 inference form runs.
    public func observe(_ observer: ActivationObserver) throws {
        guard preparedForInference, int8 == nil else { throw TorchError("activation ranges are measured on the float32 inference form") }
        self.observer = observer
    }

    public func stopObserving() { observer = nil }

    /// From now on computes in int8 (libtorch's quantized CPU operators, oneDNN's
    /// engine here): every convolution with batch norm folded, its weights quantized
    /// per output channel, its activations per tensor with `ranges` (measured by
    /// `observe`); max pooling and the joins on quantized tensors; the 1×1 head in
    /// float32 on the dequantized features. For inference only. On CPUs with int8 dot
    /// products (AVX-512 VNNI, AMX) it is several times faster than float32; on AVX2 it
    /// gains less (`ropscreen-bench models`).
    public func useInt8(_ ranges: UNetActivationRanges) throws {
        guard !reducedPrecision else { throw TorchError("a U-Net in bfloat16 cannot switch to int8") }
        guard Runtime.selectQuantizedEngine() != nil else { throw TorchError("this libtorch has no quantized CPU engine for int8") }
        try prepareForInference()
        func step(_ convolution: QuantizedConvolution, _ name: String, relu: Bool) throws -> QuantizedStep {
            let (scale, zeroPoint) = try ranges.parameters(name)
            return QuantizedStep(convolution: convolution, scale: scale, zeroPoint: zeroPoint, relu: relu)
        }
        func steps(_ block: ConvBlock, _ name: String) throws -> [QuantizedStep] {
            [try step(block.conv1.quantized(), name + ".conv1", relu: true), try step(block.conv2.quantized(), name + ".conv2", relu: true)]
        }
        int8 = Int8Form(input: try ranges.parameters("input"),
                        encoder: try encoder.enumerated().map { try steps($0.element, "encoder.\($0.offset)") },
                        bottleneck: try steps(bottleneck, "bottleneck"),
                        upsample: try upsample.enumerated().map { try step($0.element.quantizedAsConvolution(), "upsample.\($0.offset)", relu: false) },
                        joins: try upsample.indices.map { try ranges.parameters("concat.\($0)") },
                        decoder: try decoder.enumerated().map { try steps($0.element, "decoder.\($0.offset)") })
    }

    /// One packed convolution of the int8 form and the 8-bit grid of its output.
    private struct QuantizedStep {
        let convolution: QuantizedConvolution
        let scale: Double
        let zeroPoint: Int
        let relu: Bool

        func callAsFunction(_ x: Tensor) throws -> Tensor { try convolution(x, scale: scale, zeroPoint: zeroPoint, relu: relu) }
    }

    /// The int8 form's steps, level by level as the float32 form runs them; the grids
    /// of the input and of each join of skip and upsampling.
    private struct Int8Form {
        var input: (scale: Double, zeroPoint: Int)
        var encoder: [[QuantizedStep]]
        var bottleneck: [QuantizedStep]
        var upsample: [QuantizedStep]
        var joins: [(scale: Double, zeroPoint: Int)]
        var decoder: [[QuantizedStep]]
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
