import CTorch

extension Tensor {
    /// Same elements, new shape; one dimension may be -1.
    public func reshaped(_ shape: [Int]) throws -> Tensor {
        let dims = shape.map(Int64.init)
        return try checked(ct_reshape(handle, dims, Int32(dims.count)))
    }

    public func permuted(_ order: [Int]) throws -> Tensor {
        let dims = order.map(Int64.init)
        return try checked(ct_permute(handle, dims, Int32(dims.count)))
    }

    public func transposed(_ a: Int, _ b: Int) throws -> Tensor {
        try checked(ct_transpose(handle, Int64(a), Int64(b)))
    }

    /// Broadcasts size-1 dimensions to `shape` without copying (-1 keeps a size).
    public func expanded(to shape: [Int]) throws -> Tensor {
        let dims = shape.map(Int64.init)
        return try checked(ct_expand(handle, dims, Int32(dims.count)))
    }

    public func squeezed(_ dim: Int) throws -> Tensor { try checked(ct_squeeze(handle, Int64(dim))) }
    public func unsqueezed(_ dim: Int) throws -> Tensor { try checked(ct_unsqueeze(handle, Int64(dim))) }

    public func flattened(from start: Int = 0, to end: Int = -1) throws -> Tensor {
        try checked(ct_flatten(handle, Int64(start), Int64(end)))
    }

    /// Reverses the order of elements along `dims`.
    public func flipped(_ dims: [Int]) throws -> Tensor {
        let d = dims.map(Int64.init)
        return try checked(ct_flip(handle, d, Int32(d.count)))
    }

    /// Elements `start..<end` (stepping by `step`) along `dim`, as a view.
    public func slice(dim: Int, start: Int = 0, end: Int = Int.max, step: Int = 1) throws -> Tensor {
        try checked(ct_slice(handle, Int64(dim), Int64(start), Int64(clamping: end), Int64(step)))
    }

    /// The sub-tensor at `index` along `dim`, with that dimension removed.
    public func select(dim: Int, index: Int) throws -> Tensor {
        try checked(ct_select(handle, Int64(dim), Int64(index)))
    }

    /// Rows at `indices` (an int64 tensor) along `dim`.
    public func indexSelect(dim: Int, indices: Tensor) throws -> Tensor {
        try checked(ct_index_select(handle, Int64(dim), indices.handle))
    }

    /// The elements where `mask` (bool, broadcastable) is true, as a 1-D tensor.
    public func masked(by mask: Tensor) throws -> Tensor {
        try checked(ct_masked_select(handle, mask.handle))
    }

    /// A copy with `value` wherever `mask` is true.
    public func maskedFill(_ mask: Tensor, with value: Double) throws -> Tensor {
        try checked(ct_masked_fill(handle, mask.handle, value))
    }

    /// Element-wise `condition ? a : b`.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        try checked(ct_where(condition.handle, a.handle, b.handle))
    }

    public func gather(dim: Int, indices: Tensor) throws -> Tensor {
        try checked(ct_gather(handle, Int64(dim), indices.handle))
    }

    /// Joins tensors along an existing dimension.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        let handles: [OpaquePointer?] = tensors.map { $0.handle }
        return try withExtendedLifetime(tensors) {
            try checked(ct_cat(handles, Int32(handles.count), Int64(dim)))
        }
    }

    /// Joins tensors along a new dimension.
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        let handles: [OpaquePointer?] = tensors.map { $0.handle }
        return try withExtendedLifetime(tensors) {
            try checked(ct_stack(handles, Int32(handles.count), Int64(dim)))
        }
    }
}
