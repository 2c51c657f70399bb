import Foundation
import Torch

/// Weight initialisation as PyTorch's layers do it by default, drawn from an explicit generator.
enum Initialization {
    /// A parameter of `shape` with values uniform in [-bound, bound].
    static func uniform(_ shape: [Int], bound: Double, generator: RandomGenerator) throws -> Tensor {
        try (Tensor.rand(shape, generator: generator) * (2 * bound) - bound).requiringGrad()
    }

    /// PyTorch's default for conv and linear weights: kaiming-uniform with a = √5,
    /// which is uniform in ±1/√fanIn; biases use the same bound.
    static func defaultBound(fanIn: Int) -> Double { 1 / Foundation.sqrt(Double(Swift.max(fanIn, 1))) }

    static func constant(_ shape: [Int], _ value: Double, trainable: Bool) throws -> Tensor {
        let t = try Tensor.full(shape, value: value)
        return trainable ? try t.requiringGrad() : t
    }
}
