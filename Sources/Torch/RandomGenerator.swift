import CTorch

/// A seeded source of random numbers. Everything random in ropscreen draws
/// from a generator handed down explicitly, so a run is repeatable from one
/// seed; libtorch's global generator is never used.
public final class RandomGenerator: @unchecked Sendable {
    let handle: OpaquePointer
    public let seed: UInt64

    public init(seed: UInt64) throws {
        guard let handle = ct_generator_new(seed) else { throw TorchError.last() }
        self.handle = handle
        self.seed = seed
    }

    deinit { ct_generator_free(handle) }

    /// A uniform draw in [0, 1), for Swift-side decisions (augmentation parameters, shuffles).
    public func uniform() throws -> Double {
        try Tensor.rand([1], dtype: .float64, generator: self).item()
    }

    /// `count` uniform draws in [0, 1) at once (one call into libtorch, not `count`).
    public func uniforms(_ count: Int) throws -> [Double] {
        count == 0 ? [] : try Tensor.rand([count], dtype: .float64, generator: self).toArray(of: Double.self)
    }

    /// A uniform draw in `range`.
    public func uniform(_ range: ClosedRange<Double>) throws -> Double {
        try range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A uniform index in `0..<count`; an empty range is an error, not a crash.
    public func index(below count: Int) throws -> Int {
        guard count >= 1 else { throw TorchError("no index to draw below \(count)") }
        return min(Int(try uniform() * Double(count)), count - 1)
    }

    /// A uniformly chosen element of a non-empty collection.
    public func element<C: RandomAccessCollection>(of collection: C) throws -> C.Element where C.Index == Int {
        collection[collection.startIndex + (try index(below: collection.count))]
    }

    /// A random order of `0..<n`.
    public func permutation(_ n: Int) throws -> [Int] {
        try Tensor.randperm(n, generator: self).toArray(of: Int64.self).map(Int.init)
    }
}
