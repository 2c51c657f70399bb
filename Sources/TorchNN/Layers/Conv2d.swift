import Torch

/// 2-D convolution over NCHW input; weight is (out, in / groups, kH, kW).
public final class Conv2d: ModuleBase, Layer, InferencePreparable {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Pair
    public let padding: Pair
    public let dilation: Pair
    public let groups: Int
    /// The weights inference runs with (see `prepareForInference(folding:)`).
    private var inference: (weight: Tensor, bias: Tensor?, dilation: Pair)?

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

    /// Whether `prepareForInference` has run.
    public var isPreparedForInference: Bool { inference != nil }

    public func prepareForInference() throws { try prepareForInference(folding: nil) }

    /// From now on runs with `norm` folded in — w·γ/√(σ²+ε) and (b − μ)·γ/√(σ²+ε) + β,
    /// the running statistics' affine map — so that `norm` passes its input through,
    /// with channels-last weights (oneDNN's preferred order). A 1×1 kernel runs
    /// with dilation 2, the same arithmetic for a 1×1 kernel: libtorch 1.13 sends
    /// undilated 1×1 convolutions at batch 1 on one thread to its slow BLAS path.
    public func prepareForInference(folding norm: BatchNorm2d?) throws {
        guard inference == nil else { return }
        var (foldedWeight, foldedBias) = (try weight.detached(), try bias?.detached())
        if let norm {
            let scale = try norm.weight.detached() * (norm.runningVariance.detached() + norm.epsilon).rsqrt()
            foldedWeight = try foldedWeight * scale.reshaped([-1, 1, 1, 1])
            let shift = try foldedBias.map { try $0 - norm.runningMean.detached() } ?? (-norm.runningMean.detached())
            foldedBias = try shift * scale + norm.bias.detached()
            norm.isFoldedIntoConvolution = true
        }
        let isPointwise = weight.shape[2] == 1 && weight.shape[3] == 1 && padding == Pair(0) && stride == Pair(1) && dilation == Pair(1)
        inference = (try foldedWeight.channelsLast(), foldedBias, isPointwise ? Pair(2) : dilation)
    }

    /// The inference form's weights and bias (batch norm folded) packed for int8 arithmetic.
    public func quantized() throws -> QuantizedConvolution {
        guard let inference else { throw TorchError("prepare a convolution for inference before quantizing it") }
        return try QuantizedConvolution(weight: inference.weight, bias: inference.bias, stride: stride, padding: padding,
                                        dilation: dilation, groups: groups)
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let output: Tensor
        if let inference {
            guard !isTraining else { throw TorchError("a convolution prepared for inference cannot train") }
            output = try input.conv2d(weight: inference.weight, bias: inference.bias, stride: stride, padding: padding,
                                      dilation: inference.dilation, groups: groups)
        } else {
            output = try input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        }
        flopRecorder.map { $0.counter.record($0.name, .convolution, input: input, weight: weight, output: output) }
        return output
    }
}
