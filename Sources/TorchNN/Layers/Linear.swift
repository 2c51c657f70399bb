import Torch

/// y = x Wᵀ + b
public final class Linear: ModuleBase, Layer {
    public let weight: Tensor
    public let bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: RandomGenerator) throws {
        let bound = Initialization.defaultBound(fanIn: inFeatures)
        weight = try Initialization.uniform([outFeatures, inFeatures], bound: bound, generator: generator)
        self.bias = bias ? try Initialization.uniform([outFeatures], bound: bound, generator: generator) : nil
    }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let output = try input.linear(weight: weight, bias: bias)
        flopRecorder.map { $0.counter.record($0.name, .linear, input: input, weight: weight, output: output) }
        return output
    }
}
