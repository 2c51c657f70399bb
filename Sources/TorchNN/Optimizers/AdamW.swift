import Foundation
import Torch

/// Adam with decoupled weight decay, updating exactly as `torch.optim.AdamW` does.
public final class AdamW: Optimizer {
    public var groups: [ParameterGroup]
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    private var moments = ParameterState<(first: Tensor, second: Tensor, step: Int)>()

    public init(_ groups: [ParameterGroup], beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.groups = groups
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public convenience init(parameters: [Tensor], learningRate: Double = 1e-3, weightDecay: Double = 0.01) {
        self.init([ParameterGroup(parameters, learningRate: learningRate, weightDecay: weightDecay)])
    }

    public func step() throws {
        try withNoGrad {
            for group in groups {
                for p in group.parameters {
                    guard let g = try p.grad else { continue }
                    var state = try moments[p] ?? (Tensor.zeros(p.shape, dtype: p.dtype), Tensor.zeros(p.shape, dtype: p.dtype), 0)
                    state.step += 1
                    if group.weightDecay != 0 { try p.mul_(1 - group.learningRate * group.weightDecay) }
                    try state.first.mul_(beta1)
                    try state.first.add_(g, alpha: 1 - beta1)
                    try state.second.mul_(beta2)
                    try state.second.addcmul_(g, g, value: 1 - beta2)
                    let correction1 = 1 - Foundation.pow(beta1, Double(state.step))
                    let correction2 = 1 - Foundation.pow(beta2, Double(state.step))
                    let denominator = try state.second.sqrt() / Foundation.sqrt(correction2) + epsilon
                    try p.addcdiv_(state.first, denominator, value: -group.learningRate / correction1)
                    moments[p] = state
                }
            }
        }
    }

    public func stateTensors() throws -> [(name: String, tensor: Tensor)] {
        try indexedParameters.flatMap { p -> [(name: String, tensor: Tensor)] in
            guard let state = moments[p.tensor] else { return [] }
            return [
                (stateName(p.group, p.index, "exp_avg"), state.first),
                (stateName(p.group, p.index, "exp_avg_sq"), state.second),
                (stateName(p.group, p.index, "step"), try Tensor([Int64(state.step)])),
            ]
        }
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        for p in indexedParameters {
            guard let first = tensors[stateName(p.group, p.index, "exp_avg")],
                  let second = tensors[stateName(p.group, p.index, "exp_avg_sq")],
                  let step = tensors[stateName(p.group, p.index, "step")]
            else { continue }
            guard first.shape == p.tensor.shape, second.shape == p.tensor.shape else {
                throw StateDictError.shapeMismatch(key: stateName(p.group, p.index, "exp_avg"), expected: p.tensor.shape, found: first.shape)
            }
            moments[p.tensor] = (try first.clone(), try second.clone(), Int(try step.item()))
        }
    }
}
