import CTorch

extension Tensor {
    /// Whether autograd tracks operations on this tensor (a leaf parameter).
    public var requiresGrad: Bool { ct_requires_grad(handle) }

    /// Turns gradient tracking on or off for this leaf tensor, returning it.
    @discardableResult
    public func requiringGrad(_ requires: Bool = true) throws -> Tensor {
        try check(ct_set_requires_grad(handle, requires))
        return self
    }

    /// Back-propagates from this tensor (a scalar, or with `gradient` of its shape).
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        try check(ct_backward(handle, gradient?.handle, retainGraph))
    }

    /// The gradient accumulated by `backward`, nil before the first backward or after `zeroGrad`.
    public var grad: Tensor? {
        get throws {
            if let g = ct_grad(handle) { return Tensor(handle: g) }
            let message = String(cString: ct_last_error())
            if message.isEmpty { return nil }
            throw TorchError(message)
        }
    }

    /// Drops the accumulated gradient (the next backward starts from zero).
    public func zeroGrad() throws { try check(ct_zero_grad(handle)) }
}
