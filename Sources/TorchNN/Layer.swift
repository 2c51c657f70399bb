import Torch

/// A module that maps one tensor to one tensor.
public protocol Layer: Module {
    func callAsFunction(_ input: Tensor) throws -> Tensor
}
