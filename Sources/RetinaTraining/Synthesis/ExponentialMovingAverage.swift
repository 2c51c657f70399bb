import Torch
import TorchNN

/// Keeps `average`'s parameters an exponential moving average of `source`'s
/// (θ̄ ← β θ̄ + (1 − β) θ after every step) and copies its buffers, so samples come
/// from weights that do not follow the generator's last few noisy updates
/// (Karras et al. 2018; Yazıcı et al. 2019). The two modules have the same architecture.
public final class ExponentialMovingAverage {
    public let source: any Module
    public let average: any Module
    public let decay: Double

    public init(source: any Module, average: any Module, decay: Double) throws {
        let (a, b) = (source.stateDict(), average.stateDict())
        guard a.map(\.name) == b.map(\.name), zip(a, b).allSatisfy({ $0.tensor.shape == $1.tensor.shape }) else {
            throw RecipeError(recipe: "synthesis", "the averaged generator's weights do not match the generator's")
        }
        guard (0 ... 1).contains(decay) else { throw RecipeError(recipe: "synthesis", "EMA decay must be in [0, 1], got \(decay)") }
        self.source = source
        self.average = average
        self.decay = decay
        try copy()
    }

    /// Sets the average to the source's current weights.
    public func copy() throws {
        try withNoGrad {
            for (target, value) in zip(average.stateDict(), source.stateDict()) { try target.tensor.copy_(value.tensor) }
        }
    }

    /// One averaging step after an optimiser step.
    public func update() throws {
        try withNoGrad {
            for (target, value) in zip(average.namedParameters(), source.namedParameters()) {
                try target.tensor.mul_(decay)
                try target.tensor.add_(value.tensor, alpha: 1 - decay)
            }
            for (target, value) in zip(average.namedBuffers(), source.namedBuffers()) { try target.tensor.copy_(value.tensor) }
        }
    }
}
