import CTorch

/// A 2-D convolution packed for int8 arithmetic: its float32 weights quantized
/// symmetrically per output channel (the scale of each is its largest |w| / 127),
/// its bias kept in float32. Runs on quantized channels-last inputs.
public final class QuantizedConvolution: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Packs `weight` (out, in / groups, kH, kW) and `bias` for the current quantized engine
    /// (`Runtime.selectQuantizedEngine()` first).
    public init(weight: Tensor, bias: Tensor?, stride: Pair = 1, padding: Pair = 0, dilation: Pair = 1, groups: Int = 1) throws {
        let packed = withExtendedLifetime((weight, bias)) {
            ct_qconv_prepack(weight.handle, bias?.handle, stride.int64s, padding.int64s, dilation.int64s, Int64(groups))
        }
        guard let packed else { throw TorchError.last() }
        handle = packed
    }

    deinit { ct_qconv_free(handle) }

    /// The convolution of `input`, its output quantized with `scale` and `zeroPoint`; ReLU fused when `relu`.
    public func callAsFunction(_ input: Tensor, scale: Double, zeroPoint: Int, relu: Bool) throws -> Tensor {
        try withExtendedLifetime(input) { try checked(ct_qconv_run(input.handle, handle, scale, Int64(zeroPoint), relu)) }
    }
}
