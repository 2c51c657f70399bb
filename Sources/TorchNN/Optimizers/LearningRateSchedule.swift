import Foundation

/// A learning rate as a function of the step (or epoch) counter, multiplying a base rate.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
    /// The base rate throughout.
    case constant
    /// × gamma every `stepSize` steps.
    case step(stepSize: Int, gamma: Double)
    /// Cosine from 1 down to `minimumFactor` over `totalSteps`.
    case cosine(totalSteps: Int, minimumFactor: Double = 0)
    /// Linear from `startFactor` to 1 over `warmupSteps`, then `then`.
    indirect case warmup(warmupSteps: Int, startFactor: Double, then: LearningRateSchedule)

    /// The factor applied to the base rate at `step` (0-based).
    public func factor(at step: Int) -> Double {
        switch self {
        case .constant:
            return 1
        case .step(let size, let gamma):
            return Foundation.pow(gamma, Double(step / Swift.max(size, 1)))
        case .cosine(let total, let minimum):
            let t = Swift.min(Double(step) / Double(Swift.max(total, 1)), 1)
            return minimum + (1 - minimum) * 0.5 * (1 + Foundation.cos(Double.pi * t))
        case .warmup(let warmup, let start, let then):
            if step < warmup { return start + (1 - start) * Double(step) / Double(warmup) }
            return then.factor(at: step - warmup)
        }
    }

    /// Rates for each of `baseRates` at `step`.
    public func rates(_ baseRates: [Double], at step: Int) -> [Double] {
        let f = factor(at: step)
        return baseRates.map { $0 * f }
    }
}
