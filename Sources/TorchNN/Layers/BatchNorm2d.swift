import Torch

/// Batch normalisation over the channels of NCHW input, with running statistics
/// (saved under PyTorch's names, `num_batches_tracked` included).
public final class BatchNorm2d: ModuleBase, Layer {
    public let weight: Tensor
    public let bias: Tensor
    public let runningMean: Tensor
    public let runningVariance: Tensor
    public let batchesTracked: Tensor
    public let momentum: Double
    public let epsilon: Double
    /// Set when a convolution took this normalisation into its weights
    /// (`Conv2d.prepareForInference(folding:)`): the layer then passes its input through.
    public internal(set) var isFoldedIntoConvolution = false

    public init(_ channels: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) throws {
        weight = try Initialization.constant([channels], 1, trainable: true)
        bias = try Initialization.constant([channels], 0, trainable: true)
        runningMean = try Tensor.zeros([channels])
        runningVariance = try Tensor.ones([channels])
        batchesTracked = try Tensor.zeros([], dtype: .int64)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }
    public var ownBuffers: [(name: String, tensor: Tensor)] {
        [("running_mean", runningMean), ("running_var", runningVariance), ("num_batches_tracked", batchesTracked)]
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        if isFoldedIntoConvolution {
            guard !isTraining else { throw TorchError("a batch norm folded into its convolution cannot train") }
            return input
        }
        if isTraining { try withNoGrad { try batchesTracked.add_(1) } }
        return try input.batchNorm(
            weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
            training: isTraining, momentum: momentum, epsilon: epsilon)
    }
}
