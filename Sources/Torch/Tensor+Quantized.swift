import CTorch

/// 8-bit affine quantization (libtorch's quantized CPU tensors, unsigned 8 bits per
/// tensor): for int8 inference, where only the quantized operators below read them.
extension Tensor {
    /// The tensor as round(x / scale) + zeroPoint in 0…255.
    public func quantized(scale: Double, zeroPoint: Int) throws -> Tensor {
        try checked(ct_quantize(handle, scale, Int64(zeroPoint)))
    }

    /// Back to float32.
    public func dequantized() throws -> Tensor { try checked(ct_dequantize(handle)) }

    public var isQuantized: Bool { ct_is_quantized(handle) }

    /// Quantized tensors joined along `dim`, requantized to one scale and zero point.
    public static func quantizedCat(_ tensors: [Tensor], dim: Int, scale: Double, zeroPoint: Int) throws -> Tensor {
        let handles: [OpaquePointer?] = tensors.map { $0.handle }
        return try withExtendedLifetime(tensors) {
            try checked(ct_qcat(handles, Int32(handles.count), Int64(dim), scale, Int64(zeroPoint)))
        }
    }
}
