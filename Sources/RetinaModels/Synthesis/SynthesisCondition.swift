import Torch

/// What a photograph is generated as: one value index per conditioning factor
/// (e.g. diagnosis 1 = rop, camera 0 = RetCam), in the configuration's order.
public struct SynthesisCondition: Sendable, Hashable, Codable {
    public var values: [Int]

    public init(_ values: [Int]) { self.values = values }

    /// One row per condition: the factors' one-hot codes side by side, (N, Σ sizes).
    public static func oneHot(_ conditions: [SynthesisCondition], sizes: [Int]) throws -> Tensor {
        let length = sizes.reduce(0, +)
        var codes = [Float](repeating: 0, count: conditions.count * length)
        for (row, condition) in conditions.enumerated() {
            guard condition.values.count == sizes.count else {
                throw SynthesisError("a condition has \(condition.values.count) factors, the network \(sizes.count)")
            }
            var offset = 0
            for (factor, value) in condition.values.enumerated() {
                guard (0 ..< sizes[factor]).contains(value) else {
                    throw SynthesisError("condition factor \(factor) is \(value), it has \(sizes[factor]) values")
                }
                codes[row * length + offset + value] = 1
                offset += sizes[factor]
            }
        }
        return try Tensor(codes, shape: [conditions.count, length])
    }
}
