import CTorch

/// The functional forms of the layers in TorchNN, on NCHW tensors.
extension Tensor {
    public func linear(weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        try checked(ct_linear(handle, weight.handle, bias?.handle))
    }

    public func conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: Pair = 1, padding: Pair = 0,
        dilation: Pair = 1, groups: Int = 1
    ) throws -> Tensor {
        try checked(ct_conv2d(
            handle, weight.handle, bias?.handle, stride.int64s, padding.int64s, dilation.int64s,
            Int64(groups)))
    }

    /// Transposed convolution; `weight` is (in, out / groups, kH, kW) as in PyTorch.
    public func convTranspose2d(
        weight: Tensor, bias: Tensor? = nil, stride: Pair = 1, padding: Pair = 0,
        outputPadding: Pair = 0, dilation: Pair = 1, groups: Int = 1
    ) throws -> Tensor {
        try checked(ct_conv_transpose2d(
            handle, weight.handle, bias?.handle, stride.int64s, padding.int64s,
            outputPadding.int64s, dilation.int64s, Int64(groups)))
    }

    /// Batch normalisation. In training mode the batch statistics normalise and
    /// `runningMean`/`runningVariance` are updated in place with `momentum`.
    public func batchNorm(
        weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVariance: Tensor?,
        training: Bool, momentum: Double = 0.1, epsilon: Double = 1e-5
    ) throws -> Tensor {
        try checked(ct_batch_norm(
            handle, weight?.handle, bias?.handle, runningMean?.handle, runningVariance?.handle,
            training, momentum, epsilon))
    }

    public func groupNorm(groups: Int, weight: Tensor?, bias: Tensor?, epsilon: Double = 1e-5) throws -> Tensor {
        try checked(ct_group_norm(handle, Int64(groups), weight?.handle, bias?.handle, epsilon))
    }

    /// Max pooling; `stride` defaults to the kernel size.
    public func maxPool2d(kernel: Pair, stride: Pair? = nil, padding: Pair = 0) throws -> Tensor {
        try checked(ct_max_pool2d(handle, kernel.int64s, (stride ?? kernel).int64s, padding.int64s))
    }

    public func avgPool2d(kernel: Pair, stride: Pair? = nil, padding: Pair = 0) throws -> Tensor {
        try checked(ct_avg_pool2d(handle, kernel.int64s, (stride ?? kernel).int64s, padding.int64s))
    }

    public func adaptiveAvgPool2d(_ size: Pair) throws -> Tensor {
        try checked(ct_adaptive_pool2d(handle, size.int64s, false))
    }

    public func adaptiveMaxPool2d(_ size: Pair) throws -> Tensor {
        try checked(ct_adaptive_pool2d(handle, size.int64s, true))
    }

    public enum UpsampleMode: Sendable { case nearest, bilinear(alignCorners: Bool) }

    /// Resizes the spatial dimensions to `size`.
    public func upsample(to size: Pair, mode: UpsampleMode = .nearest) throws -> Tensor {
        switch mode {
        case .nearest: try checked(ct_upsample_nearest2d(handle, size.int64s))
        case .bilinear(let align): try checked(ct_upsample_bilinear2d(handle, size.int64s, align))
        }
    }

    /// Zeroes elements with probability `p` (scaling the rest by 1/(1-p)), drawn
    /// from `generator` so that training runs repeat; identity when not training.
    public func dropout(p: Double, training: Bool, generator: RandomGenerator) throws -> Tensor {
        guard training, p > 0 else { return self }
        guard p < 1 else { return try self * 0 }
        let keep = try Tensor.full(shape, value: 1 - p, dtype: dtype.isFloatingPoint ? dtype : .float32)
        return try self * keep.bernoulli(generator: generator) / (1 - p)
    }
}
