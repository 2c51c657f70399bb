import Torch

/// Anything that owns parameters, buffers and sub-modules under stable names.
///
/// Names are declared, not discovered by reflection: each module lists its own
/// tensors and children, and `namedParameters()` joins them into dotted paths
/// (`encoder.0.conv.weight`) that match PyTorch's `state_dict` keys.
public protocol Module: AnyObject {
    /// Trainable tensors owned directly by this module.
    var ownParameters: [(name: String, tensor: Tensor)] { get }
    /// Non-trainable state saved with the weights (running statistics).
    var ownBuffers: [(name: String, tensor: Tensor)] { get }
    var children: [(name: String, module: any Module)] { get }
    /// Training (batch statistics, dropout) or evaluation behaviour.
    var isTraining: Bool { get set }
}

extension Module {
    public var ownParameters: [(name: String, tensor: Tensor)] { [] }
    public var ownBuffers: [(name: String, tensor: Tensor)] { [] }
    public var children: [(name: String, module: any Module)] { [] }
}

extension Module {
    /// Every parameter in the tree, depth first, with its dotted name.
    public func namedParameters(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        ownParameters.map { (prefix + $0.name, $0.tensor) }
            + children.flatMap { $0.module.namedParameters(prefix: prefix + $0.name + ".") }
    }

    public func namedBuffers(prefix: String = "") -> [(name: String, tensor: Tensor)] {
        ownBuffers.map { (prefix + $0.name, $0.tensor) }
            + children.flatMap { $0.module.namedBuffers(prefix: prefix + $0.name + ".") }
    }

    public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

    /// Parameters and buffers: what a checkpoint holds.
    public func stateDict() -> [(name: String, tensor: Tensor)] {
        namedParameters() + namedBuffers()
    }

    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Sets training mode on this module and every descendant.
    public func train(_ training: Bool = true) {
        isTraining = training
        for child in children { child.module.train(training) }
    }

    public func eval() { train(false) }

    /// Stops (or restarts) gradient tracking for the parameters whose names
    /// start with one of `prefixes`; every parameter when `prefixes` is empty.
    /// Returns how many parameters changed.
    @discardableResult
    public func setTrainable(_ trainable: Bool, prefixes: [String] = []) throws -> Int {
        var changed = 0
        for (name, tensor) in namedParameters()
        where prefixes.isEmpty || prefixes.contains(where: { name.hasPrefix($0) }) {
            try tensor.requiringGrad(trainable)
            changed += 1
        }
        return changed
    }

    /// Replaces every floating-point parameter and buffer by `transform` of it,
    /// in place (a dtype or memory-order change for inference).
    public func convertFloatingTensors(_ transform: (Tensor) throws -> Tensor) throws {
        for (_, tensor) in stateDict() where tensor.dtype.isFloatingPoint {
            try tensor.setData(transform(tensor.detached()))
        }
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() throws {
        for p in parameters() { try p.zeroGrad() }
    }
}
