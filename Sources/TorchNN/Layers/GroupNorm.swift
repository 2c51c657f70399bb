import Torch

/// Group normalisation: batch-size independent, so it suits small training batches.
public final class GroupNorm: ModuleBase, Layer {
    public let groups: Int
    public let weight: Tensor
    public let bias: Tensor
    public let epsilon: Double

    public init(groups: Int, channels: Int, epsilon: Double = 1e-5) throws {
        guard groups > 0, channels % groups == 0 else {
            throw TorchError("\(channels) channels are not divisible into \(groups) groups")
        }
        self.groups = groups
        weight = try Initialization.constant([channels], 1, trainable: true)
        bias = try Initialization.constant([channels], 0, trainable: true)
        self.epsilon = epsilon
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.groupNorm(groups: groups, weight: weight, bias: bias, epsilon: epsilon)
    }
}
