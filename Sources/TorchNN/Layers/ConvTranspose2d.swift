import Torch

/// Transposed 2-D convolution (learned upsampling); weight is (in, out / groups, kH, kW).
public final class ConvTranspose2d: ModuleBase, Layer, InferencePreparable {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Pair
    public let padding: Pair
    public let outputPadding: Pair
    /// The 1×1 convolution inference runs instead (see `prepareForInference`).
    private var asConvolution: (weight: Tensor, bias: Tensor?)?

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

    /// Whether inference runs as a 1×1 convolution.
    public var runsAsConvolution: Bool { asConvolution != nil }

    /// When the kernel equals the stride (the U-Net's 2×2, stride 2) each output pixel
    /// comes from exactly one input pixel: the layer is a 1×1 convolution to kH·kW·out
    /// channels, ordered (i, j, c), whose channels-last output is moved into place by one
    /// copy. libtorch 1.13 runs float32 transposed convolutions through BLAS, which on CPUs
    /// OpenBLAS does not know falls back to SSE kernels; the convolution runs in oneDNN
    /// (dilation 2: the same arithmetic for a 1×1 kernel, see `Conv2d.prepareForInference`).
    /// Other shapes keep libtorch's kernel.
    public func prepareForInference() throws {
        guard asConvolution == nil, Pair(weight.shape[2], weight.shape[3]) == stride, padding == Pair(0), outputPadding == Pair(0) else { return }
        let (inputs, outputs, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        let pointwise = try weight.detached().permuted([2, 3, 1, 0]).reshaped([kh * kw * outputs, inputs, 1, 1]).channelsLast()
        let repeated = try bias.map { b in try b.detached().reshaped([1, outputs]).expanded(to: [kh * kw, outputs]).reshaped([kh * kw * outputs]) }
        asConvolution = (pointwise, repeated)
    }

    /// The 1×1 convolution of the inference form packed for int8 arithmetic; its output goes through `placed`.
    public func quantizedAsConvolution() throws -> QuantizedConvolution {
        guard let asConvolution else { throw TorchError("only a transposed convolution that runs as a 1×1 convolution is quantized") }
        return try QuantizedConvolution(weight: asConvolution.weight, bias: asConvolution.bias)
    }

    /// The 1×1 convolution's channels-last output (n, kH·kW·out, h, w), channels ordered
    /// (i, j, c), moved into place as (n, out, kH·h, kW·w), channels-last; float or quantized.
    public func placed(_ pointwise: Tensor) throws -> Tensor {
        let (n, h, w, kh, kw) = (pointwise.shape[0], pointwise.shape[2], pointwise.shape[3], stride.height, stride.width)
        let c = pointwise.shape[1] / (kh * kw)
        return try pointwise.permuted([0, 2, 3, 1]).reshaped([n, h, w, kh, kw, c]).permuted([0, 1, 3, 2, 4, 5])
            .reshaped([n, h * kh, w * kw, c]).permuted([0, 3, 1, 2])
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let output: Tensor
        if let asConvolution {
            guard !isTraining else { throw TorchError("a transposed convolution prepared for inference cannot train") }
            output = try placed(input.conv2d(weight: asConvolution.weight, bias: asConvolution.bias, dilation: 2))
        } else {
            output = try input.convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
        }
        flopRecorder.map { $0.counter.record($0.name, .transposedConvolution, input: input, weight: weight, output: output) }
        return output
    }
}
