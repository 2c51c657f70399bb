import CTorch

/// An n-dimensional array on libtorch, with autograd.
///
/// A `Tensor` is a reference to libtorch storage (like `torch.Tensor`): views
/// share memory, and in-place updates (`Tensor+InPlace.swift`) are visible to
/// every reference. libtorch reference-counts storage atomically, so a tensor
/// may cross threads; callers that mutate in place coordinate themselves, as
/// with any reference type.
public final class Tensor: @unchecked Sendable {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    deinit { ct_free(handle) }

    // MARK: Creation

    /// Copies `values` into a new tensor of the given shape.
    public convenience init<T: TensorElement>(_ values: [T], shape: [Int]) throws {
        guard elementCount(shape) == values.count else {
            throw TorchError("\(values.count) values do not fill shape \(shape)")
        }
        let dims = shape.map(Int64.init)
        let handle = values.withUnsafeBytes { raw in
            ct_from_data(raw.baseAddress, dims, Int32(dims.count), T.dtype.code)
        }
        guard let handle else { throw TorchError.last() }
        self.init(handle: handle)
    }

    /// A one-dimensional tensor of `values`.
    public convenience init<T: TensorElement>(_ values: [T]) throws {
        try self.init(values, shape: [values.count])
    }

    /// Copies raw little-endian bytes of `dtype` elements into a new tensor.
    public convenience init(bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType) throws {
        guard let count = elementCount(shape), count.multipliedReportingOverflow(by: dtype.byteSize) == (bytes.count, false) else {
            throw TorchError("\(bytes.count) bytes do not fill shape \(shape) of \(dtype)")
        }
        let dims = shape.map(Int64.init)
        guard let handle = ct_from_data(bytes.baseAddress, dims, Int32(dims.count), dtype.code)
        else { throw TorchError.last() }
        self.init(handle: handle)
    }

    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) throws -> Tensor {
        let dims = shape.map(Int64.init)
        return try checked(ct_full(dims, Int32(dims.count), value, dtype.code))
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try full(shape, value: 0, dtype: dtype)
    }

    public static func ones(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try full(shape, value: 1, dtype: dtype)
    }

    /// Values from `start` up to, not including, `end`.
    public static func arange(
        _ start: Double = 0, _ end: Double, step: Double = 1, dtype: DType = .float32
    ) throws -> Tensor {
        try checked(ct_arange(start, end, step, dtype.code))
    }

    /// Uniform values in [0, 1), drawn from `generator`.
    public static func rand(_ shape: [Int], dtype: DType = .float32, generator: RandomGenerator) throws -> Tensor {
        let dims = shape.map(Int64.init)
        return try checked(ct_random(dims, Int32(dims.count), dtype.code, false, generator.handle))
    }

    /// Standard-normal values drawn from `generator`.
    public static func randn(_ shape: [Int], dtype: DType = .float32, generator: RandomGenerator) throws -> Tensor {
        let dims = shape.map(Int64.init)
        return try checked(ct_random(dims, Int32(dims.count), dtype.code, true, generator.handle))
    }

    /// Integers in `low..<high` (int64), drawn from `generator`.
    public static func randint(_ range: Range<Int>, shape: [Int], generator: RandomGenerator) throws -> Tensor {
        let dims = shape.map(Int64.init)
        return try checked(ct_randint(Int64(range.lowerBound), Int64(range.upperBound), dims, Int32(dims.count), generator.handle))
    }

    /// A random permutation of `0..<n` (int64).
    public static func randperm(_ n: Int, generator: RandomGenerator) throws -> Tensor {
        try checked(ct_randperm(Int64(n), generator.handle))
    }

    /// 1 with probability `self` (element-wise), else 0.
    public func bernoulli(generator: RandomGenerator) throws -> Tensor {
        try checked(ct_bernoulli(handle, generator.handle))
    }

    // MARK: Metadata

    public var shape: [Int] {
        var dims = [Int64](repeating: 0, count: Int(ct_ndim(handle)))
        dims.withUnsafeMutableBufferPointer { ct_shape(handle, $0.baseAddress) }
        return dims.map(Int.init)
    }

    public var rank: Int { Int(ct_ndim(handle)) }
    public var count: Int { Int(ct_numel(handle)) }
    public var dtype: DType { DType(ct_get_dtype(handle)) }
    public var isContiguous: Bool { ct_is_contiguous(handle) }

    public var device: Device {
        ct_get_device(handle) == CT_DEVICE_CUDA ? .cuda(0) : .cpu
    }

    // MARK: Reading values

    /// The elements in row-major order, converted to `T`'s dtype first if needed.
    public func toArray<T: TensorElement>(of _: T.Type = T.self) throws -> [T] {
        let source = dtype == T.dtype ? self : try to(T.dtype)
        let n = source.count
        return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            try check(ct_copy_to(source.handle, buffer.baseAddress, n * MemoryLayout<T>.stride))
            initialized = n
        }
    }

    /// The raw bytes of the elements in row-major order.
    public func bytes() throws -> [UInt8] {
        let n = count * dtype.byteSize
        return try [UInt8](unsafeUninitializedCapacity: n) { buffer, initialized in
            try check(ct_copy_to(handle, buffer.baseAddress, n))
            initialized = n
        }
    }

    /// The value of a one-element tensor.
    public func item() throws -> Double {
        var value = 0.0
        try check(ct_item(handle, &value))
        return value
    }

    public func scalar<T: TensorElement>(of _: T.Type = T.self) throws -> T {
        guard count == 1 else { throw TorchError("item of a tensor with \(count) elements") }
        return try toArray(of: T.self)[0]
    }

    // MARK: Conversion

    public func to(_ dtype: DType) throws -> Tensor { try checked(ct_to_dtype(handle, dtype.code)) }

    public func to(_ device: Device) throws -> Tensor {
        switch device {
        case .cpu: try checked(ct_to_device(handle, CT_DEVICE_CPU, 0))
        case .cuda(let index): try checked(ct_to_device(handle, CT_DEVICE_CUDA, Int32(index)))
        }
    }

    public func contiguous() throws -> Tensor { try checked(ct_contiguous(handle)) }
    /// The same values stored channels-last (NHWC), the order oneDNN's convolutions read without reordering.
    public func channelsLast() throws -> Tensor { try checked(ct_contiguous_channels_last(handle)) }
    /// A copy with its own storage (still part of the autograd graph).
    public func clone() throws -> Tensor { try checked(ct_clone(handle)) }
    /// The same storage, cut from the autograd graph.
    public func detached() throws -> Tensor { try checked(ct_detach(handle)) }
}

extension Tensor: CustomStringConvertible {
    public var description: String { "Tensor(shape: \(shape), dtype: \(dtype), device: \(device))" }
}
