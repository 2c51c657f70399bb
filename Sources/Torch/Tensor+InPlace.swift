import CTorch

/// In-place updates, for optimisers and running statistics. They modify the
/// storage that every view and reference shares; run them under `withNoGrad`
/// when the tensor is a parameter.
extension Tensor {
    /// self += alpha * other
    public func add_(_ other: Tensor, alpha: Double = 1) throws { try check(ct_inplace_binary(handle, other.handle, CT_ADD, alpha)) }
    public func sub_(_ other: Tensor, alpha: Double = 1) throws { try check(ct_inplace_binary(handle, other.handle, CT_SUB, alpha)) }
    public func mul_(_ other: Tensor) throws { try check(ct_inplace_binary(handle, other.handle, CT_MUL, 1)) }
    public func div_(_ other: Tensor) throws { try check(ct_inplace_binary(handle, other.handle, CT_DIV, 1)) }
    public func add_(_ value: Double) throws { try check(ct_inplace_scalar(handle, value, CT_ADD)) }
    public func mul_(_ value: Double) throws { try check(ct_inplace_scalar(handle, value, CT_MUL)) }
    public func div_(_ value: Double) throws { try check(ct_inplace_scalar(handle, value, CT_DIV)) }
    /// self += value * a * b
    public func addcmul_(_ a: Tensor, _ b: Tensor, value: Double = 1) throws { try check(ct_addcmul_(handle, a.handle, b.handle, value)) }
    /// self += value * a / b
    public func addcdiv_(_ a: Tensor, _ b: Tensor, value: Double = 1) throws { try check(ct_addcdiv_(handle, a.handle, b.handle, value)) }
    /// Copies `source`'s values (broadcast, converted) into this tensor.
    public func copy_(_ source: Tensor) throws { try check(ct_copy_(handle, source.handle)) }
    /// Replaces this tensor's data, dtype and memory order included (every holder of the tensor sees it).
    public func setData(_ data: Tensor) throws { try check(ct_set_data(handle, data.handle)) }
    public func fill_(_ value: Double) throws { try check(ct_fill_(handle, value)) }
}
