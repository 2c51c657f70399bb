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
    /// Normalise with the running statistics in training too, and never update them: statistics
    /// kept from a start (an ImageNet network's) that training must not move, as under differential
    /// privacy, where a site's update must hold only what it learnt (`Module.freezeBatchNormStatistics`).
    public var keepsStatistics = false

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
        let updates = isTraining && !keepsStatistics
        if updates { try withNoGrad { try batchesTracked.add_(1) } }
        return try input.batchNorm(
            weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
            training: updates, momentum: momentum, epsilon: epsilon)
    }
}

extension Module {
    /// Every batch norm in the tree, depth first, with its dotted name.
    public func batchNorms(prefix: String = "") -> [(name: String, layer: BatchNorm2d)] {
        let own = (self as? BatchNorm2d).map { [(name: String(prefix.dropLast()), layer: $0)] } ?? []
        return own + children.flatMap { $0.module.batchNorms(prefix: prefix + $0.name + ".") }
    }

    /// Keeps every batch norm's running statistics as they are (`BatchNorm2d.keepsStatistics`).
    public func freezeBatchNormStatistics() {
        for (_, layer) in batchNorms() { layer.keepsStatistics = true }
    }

    /// The dotted names of the running statistics that are kept (`running_mean`, `running_var`, `num_batches_tracked`).
    public func keptStatisticNames() -> Set<String> {
        Set(batchNorms().filter(\.layer.keepsStatistics).flatMap { entry in entry.layer.ownBuffers.map { entry.name + "." + $0.name } })
    }
}
