import Torch

/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight
/// decay, updating exactly as `torch.optim.SGD` does.
public final class SGD: Optimizer {
    public var groups: [ParameterGroup]
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool
    private var velocity = ParameterState<Tensor>()

    public init(_ groups: [ParameterGroup], momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false) throws {
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw TorchError("Nesterov momentum needs momentum > 0 and no dampening")
        }
        self.groups = groups
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
    }

    public convenience init(
        parameters: [Tensor], learningRate: Double, momentum: Double = 0, weightDecay: Double = 0, nesterov: Bool = false
    ) throws {
        try self.init([ParameterGroup(parameters, learningRate: learningRate, weightDecay: weightDecay)],
                      momentum: momentum, nesterov: nesterov)
    }

    public func step() throws {
        try withNoGrad {
            for group in groups {
                for p in group.parameters {
                    guard var g = try p.grad else { continue }
                    if group.weightDecay != 0 { g = try g + p * group.weightDecay }
                    if momentum != 0 {
                        let buffer: Tensor
                        if let existing = velocity[p] {
                            try existing.mul_(momentum)
                            try existing.add_(g, alpha: 1 - dampening)
                            buffer = existing
                        } else {
                            buffer = try g.clone().detached()
                            velocity[p] = buffer
                        }
                        g = nesterov ? try g + buffer * momentum : buffer
                    }
                    try p.add_(g, alpha: -group.learningRate)
                }
            }
        }
    }

    public func stateTensors() throws -> [(name: String, tensor: Tensor)] {
        indexedParameters.compactMap { p in velocity[p.tensor].map { (stateName(p.group, p.index, "momentum_buffer"), $0) } }
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        try withNoGrad {
            for p in indexedParameters {
                guard let saved = tensors[stateName(p.group, p.index, "momentum_buffer")] else { continue }
                velocity[p.tensor] = try saved.clone()
            }
        }
    }
}
