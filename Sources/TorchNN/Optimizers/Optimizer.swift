import Torch

/// Parameters that share a learning rate and weight decay (e.g. a pretrained
/// backbone at a lower rate than a new head).
public struct ParameterGroup {
    public var parameters: [Tensor]
    public var learningRate: Double
    public var weightDecay: Double

    public init(_ parameters: [Tensor], learningRate: Double, weightDecay: Double = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }
}

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    var groups: [ParameterGroup] { get set }
    /// One update from the current gradients; parameters without a gradient are skipped.
    func step() throws
    /// The optimiser's running state (momenta, step counts) under stable names, for resuming.
    func stateTensors() throws -> [(name: String, tensor: Tensor)]
    /// Restores what `stateTensors()` saved, for the same parameter groups.
    func loadState(_ tensors: [String: Tensor]) throws
}

extension Optimizer {
    public func zeroGrad() throws {
        for group in groups { for p in group.parameters { try p.zeroGrad() } }
    }

    /// Sets every group's learning rate to `base × scale[group]` — how schedules drive optimisers.
    public func setLearningRates(_ rates: [Double]) {
        for (i, rate) in rates.enumerated() where i < groups.count { groups[i].learningRate = rate }
    }

    public var learningRates: [Double] { groups.map(\.learningRate) }
}

extension Optimizer {
    /// Names parameter `j` of group `i` for saved state: `group.i.param.j.<what>`.
    func stateName(_ i: Int, _ j: Int, _ what: String) -> String { "group.\(i).param.\(j).\(what)" }

    /// Parameters with their group and position.
    var indexedParameters: [(group: Int, index: Int, tensor: Tensor)] {
        groups.enumerated().flatMap { g in g.element.parameters.enumerated().map { (g.offset, $0.offset, $0.element) } }
    }
}

/// Per-parameter state keyed by the parameter's identity.
struct ParameterState<Value> {
    private var storage: [ObjectIdentifier: Value] = [:]

    subscript(_ p: Tensor) -> Value? {
        get { storage[ObjectIdentifier(p)] }
        set { storage[ObjectIdentifier(p)] = newValue }
    }
}
