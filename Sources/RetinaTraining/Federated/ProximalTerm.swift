import Torch
import TorchNN

/// FedProx's proximal term (Li et al. 2020), μ/2 · Σ‖w − w_global‖² over the trainable
/// parameters: it keeps a site's local steps near the global weights, so that sites
/// whose data differ (cameras, populations) drift apart less between aggregations.
public struct ProximalTerm {
    public let mu: Double
    /// The global weights, detached copies taken when the round starts.
    private let anchors: [(parameter: Tensor, global: Tensor)]

    /// Anchors every trainable parameter of `model` at its current value (the global weights just loaded).
    public init(model: any Module, mu: Double) throws {
        self.mu = mu
        anchors = try model.parameters().filter(\.requiresGrad).map { ($0, try $0.detached().clone()) }
    }

    /// The term as a scalar tensor that back-propagates into the parameters; zero (and no graph) when μ is 0.
    public func callAsFunction() throws -> Tensor {
        guard mu > 0, !anchors.isEmpty else { return try Tensor.zeros([]) }
        var total: Tensor?
        for (parameter, global) in anchors {
            let squared = try (parameter - global).square().sum()
            total = try total.map { try $0 + squared } ?? squared
        }
        return try total! * (mu / 2)
    }
}
