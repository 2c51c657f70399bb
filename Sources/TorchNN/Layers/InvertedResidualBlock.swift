import Torch

/// MobileNetV2's inverted residual (the MBConv of EfficientNet-Lite, which drops
/// squeeze-and-excitation): a 1×1 expansion to `expansion` × the channels, a
/// depthwise k×k convolution, a linear 1×1 projection, each with batch norm,
/// ReLU6 after the first two; the input is added back when the shape allows.
public final class InvertedResidualBlock: ModuleBase, Layer, InferencePreparable {
    public let expand: Conv2d?
    public let expandNorm: BatchNorm2d?
    public let depthwise: Conv2d
    public let depthwiseNorm: BatchNorm2d
    public let project: Conv2d
    public let projectNorm: BatchNorm2d
    public let hasSkip: Bool

    /// `epsilon` is batch norm's; TensorFlow-trained weights expect 1e-3.
    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int, expansion: Int, epsilon: Double = 1e-3,
                generator: RandomGenerator) throws {
        let hidden = inChannels * expansion
        if expansion != 1 {
            expand = try Conv2d(inChannels, hidden, kernel: 1, bias: false, generator: generator)
            expandNorm = try BatchNorm2d(hidden, epsilon: epsilon)
        } else {
            expand = nil
            expandNorm = nil
        }
        depthwise = try Conv2d(hidden, hidden, kernel: Pair(kernel), stride: Pair(stride), padding: Pair(kernel / 2),
                               groups: hidden, bias: false, generator: generator)
        depthwiseNorm = try BatchNorm2d(hidden, epsilon: epsilon)
        project = try Conv2d(hidden, outChannels, kernel: 1, bias: false, generator: generator)
        projectNorm = try BatchNorm2d(outChannels, epsilon: epsilon)
        hasSkip = stride == 1 && inChannels == outChannels
    }

    public var children: [(name: String, module: any Module)] {
        var children: [(name: String, module: any Module)] = []
        if let expand, let expandNorm { children += [("expand", expand), ("expandNorm", expandNorm)] }
        return children + [("depthwise", depthwise), ("depthwiseNorm", depthwiseNorm), ("project", project), ("projectNorm", projectNorm)]
    }

    /// Folds each batch norm into its convolution (see `InferencePreparable`).
    public func prepareForInference() throws {
        try expand?.prepareForInference(folding: expandNorm)
        try depthwise.prepareForInference(folding: depthwiseNorm)
        try project.prepareForInference(folding: projectNorm)
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        if let expand, let expandNorm { x = try expandNorm(expand(x)).relu6() }
        x = try projectNorm(project(depthwiseNorm(depthwise(x)).relu6()))
        return hasSkip ? try x + input : x
    }
}
