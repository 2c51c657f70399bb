import Foundation

/// The Jensen–Shannon distance between two categorical distributions, in base 2 so it lies in
/// [0, 1]: √(½ KL(P‖M) + ½ KL(Q‖M)) with M = ½(P + Q). Unlike KL it is finite when a
/// category appears on one side only, as a new camera does.
public struct JensenShannonDistance: Sendable, Hashable, Codable {
    public let value: Double

    /// From category counts (or unnormalised weights); each side needs a positive total.
    public init(reference: [String: Double], current: [String: Double]) throws(MonitoringError) {
        let referenceTotal = reference.values.reduce(0, +)
        let currentTotal = current.values.reduce(0, +)
        guard (Array(reference.values) + Array(current.values)).allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .nonFiniteValue("Jensen–Shannon")
        }
        guard referenceTotal > 0 else { throw .tooFewValues("Jensen–Shannon reference", needed: 1, got: 0) }
        guard currentTotal > 0 else { throw .tooFewValues("Jensen–Shannon current", needed: 1, got: 0) }
        var divergence = 0.0
        for category in Set(reference.keys).union(current.keys) {
            let p = (reference[category] ?? 0) / referenceTotal
            let q = (current[category] ?? 0) / currentTotal
            let mean = (p + q) / 2
            if p > 0 { divergence += p / 2 * log2(p / mean) }
            if q > 0 { divergence += q / 2 * log2(q / mean) }
        }
        value = max(0, divergence).squareRoot()
    }

    public init(reference: [String: Int], current: [String: Int]) throws(MonitoringError) {
        try self.init(reference: reference.mapValues(Double.init), current: current.mapValues(Double.init))
    }
}
