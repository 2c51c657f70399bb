import Foundation
import RetinaMonitoring

extension SplitMix64 {
    /// A standard normal draw (Box–Muller), for constructing test samples.
    mutating func nextGaussian() -> Double {
        let u = 1 - nextUnit()
        let v = nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    mutating func nextBernoulli(_ p: Double) -> Bool { nextUnit() < p }
}
