import CTorch

extension Tensor {
    func reduce(_ op: ct_reduce_op, _ dims: [Int], _ keepDims: Bool) throws -> Tensor {
        let d = dims.map(Int64.init)
        return try checked(ct_reduce(handle, op, d, Int32(d.count), keepDims))
    }

    /// Sum over `dims` (every dimension when empty).
    public func sum(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_SUM, dims, keepDims) }
    public func mean(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_MEAN, dims, keepDims) }
    public func max(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_AMAX, dims, keepDims) }
    public func min(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_AMIN, dims, keepDims) }
    public func product(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_PROD, dims, keepDims) }
    /// Unbiased (n - 1) variance.
    public func variance(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_VAR, dims, keepDims) }
    public func standardDeviation(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_STD, dims, keepDims) }
    public func any(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_ANY, dims, keepDims) }
    public func all(dims: [Int] = [], keepDims: Bool = false) throws -> Tensor { try reduce(CT_ALL, dims, keepDims) }

    /// Index of the largest element along `dim`, or in the flattened tensor when `dim` is nil.
    public func argmax(dim: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try checked(ct_argmax(handle, Int64(dim ?? 0), dim != nil, keepDims, false))
    }

    public func argmin(dim: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try checked(ct_argmax(handle, Int64(dim ?? 0), dim != nil, keepDims, true))
    }

    /// The `k` largest (or smallest) elements along `dim`, sorted, with their indices.
    public func topK(_ k: Int, dim: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        var values: OpaquePointer?
        var indices: OpaquePointer?
        try check(ct_topk(handle, Int64(k), Int64(dim), largest, &values, &indices))
        return (Tensor(handle: values!), Tensor(handle: indices!))
    }

    public func sorted(dim: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        var values: OpaquePointer?
        var indices: OpaquePointer?
        try check(ct_sort(handle, Int64(dim), descending, &values, &indices))
        return (Tensor(handle: values!), Tensor(handle: indices!))
    }
}
