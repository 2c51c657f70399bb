import Torch

/// A module with a faster form for inference that computes the same function
/// within float rounding: batch norm folded into the convolution before it,
/// weights in channels-last order, kernels that libtorch would otherwise send to
/// its slow paths rerouted to oneDNN. The parameters stay as they were (a
/// checkpoint saved afterwards is unchanged), but a prepared module is for
/// inference only: calling it in training mode throws.
public protocol InferencePreparable: Module {
    /// Prepares this module and its descendants; calling it again does nothing.
    func prepareForInference() throws
}

extension Module {
    /// Prepares every `InferencePreparable` module of the tree (each one its own
    /// subtree), and folds each `Conv2d` that a `BatchNorm2d` directly follows in a
    /// `Sequential` into it. Returns how many modules were prepared.
    @discardableResult
    public func prepareTreeForInference() throws -> Int {
        if let preparable = self as? any InferencePreparable {
            try preparable.prepareForInference()
            return 1
        }
        return try children.reduce(0) { try $0 + $1.module.prepareTreeForInference() }
    }
}
