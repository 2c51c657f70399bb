import CTorch

/// Element-wise operations with broadcasting. Operators throw (a shape that does
/// not broadcast is libtorch's error), so one `try` covers a whole expression.
extension Tensor {
    func binary(_ other: Tensor, _ op: ct_binary_op) throws -> Tensor {
        try checked(ct_binary(handle, other.handle, op))
    }

    func binary(_ scalar: Double, _ op: ct_binary_op) throws -> Tensor {
        try checked(ct_binary_scalar(handle, scalar, op))
    }

    func unary(_ op: ct_unary_op) throws -> Tensor { try checked(ct_unary(handle, op)) }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(b, CT_ADD) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(b, CT_SUB) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(b, CT_MUL) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.binary(b, CT_DIV) }
    public static func + (a: Tensor, b: Double) throws -> Tensor { try a.binary(b, CT_ADD) }
    public static func - (a: Tensor, b: Double) throws -> Tensor { try a.binary(b, CT_SUB) }
    public static func * (a: Tensor, b: Double) throws -> Tensor { try a.binary(b, CT_MUL) }
    public static func / (a: Tensor, b: Double) throws -> Tensor { try a.binary(b, CT_DIV) }
    public static func + (a: Double, b: Tensor) throws -> Tensor { try b.binary(a, CT_ADD) }
    public static func * (a: Double, b: Tensor) throws -> Tensor { try b.binary(a, CT_MUL) }
    public static func - (a: Double, b: Tensor) throws -> Tensor { try checked(ct_scalar_binary(a, b.handle, CT_SUB)) }
    public static func / (a: Double, b: Tensor) throws -> Tensor { try checked(ct_scalar_binary(a, b.handle, CT_DIV)) }
    public static prefix func - (a: Tensor) throws -> Tensor { try a.unary(CT_NEG) }

    public func pow(_ exponent: Double) throws -> Tensor { try binary(exponent, CT_POW) }
    public func pow(_ exponent: Tensor) throws -> Tensor { try binary(exponent, CT_POW) }
    public func remainder(_ divisor: Double) throws -> Tensor { try binary(divisor, CT_REMAINDER) }
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.binary(b, CT_MAXIMUM) }
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.binary(b, CT_MINIMUM) }

    // Comparisons give bool tensors.
    public func eq(_ other: Tensor) throws -> Tensor { try binary(other, CT_EQ) }
    public func ne(_ other: Tensor) throws -> Tensor { try binary(other, CT_NE) }
    public func lt(_ other: Tensor) throws -> Tensor { try binary(other, CT_LT) }
    public func le(_ other: Tensor) throws -> Tensor { try binary(other, CT_LE) }
    public func gt(_ other: Tensor) throws -> Tensor { try binary(other, CT_GT) }
    public func ge(_ other: Tensor) throws -> Tensor { try binary(other, CT_GE) }
    public func eq(_ value: Double) throws -> Tensor { try binary(value, CT_EQ) }
    public func ne(_ value: Double) throws -> Tensor { try binary(value, CT_NE) }
    public func lt(_ value: Double) throws -> Tensor { try binary(value, CT_LT) }
    public func le(_ value: Double) throws -> Tensor { try binary(value, CT_LE) }
    public func gt(_ value: Double) throws -> Tensor { try binary(value, CT_GT) }
    public func ge(_ value: Double) throws -> Tensor { try binary(value, CT_GE) }
    public func logicalAnd(_ other: Tensor) throws -> Tensor { try binary(other, CT_LOGICAL_AND) }
    public func logicalOr(_ other: Tensor) throws -> Tensor { try binary(other, CT_LOGICAL_OR) }
    public func logicalNot() throws -> Tensor { try unary(CT_LOGICAL_NOT) }

    public func abs() throws -> Tensor { try unary(CT_ABS) }
    public func exp() throws -> Tensor { try unary(CT_EXP) }
    public func log() throws -> Tensor { try unary(CT_LOG) }
    public func log1p() throws -> Tensor { try unary(CT_LOG1P) }
    public func sqrt() throws -> Tensor { try unary(CT_SQRT) }
    public func rsqrt() throws -> Tensor { try unary(CT_RSQRT) }
    public func square() throws -> Tensor { try unary(CT_SQUARE) }
    public func reciprocal() throws -> Tensor { try unary(CT_RECIPROCAL) }
    public func sin() throws -> Tensor { try unary(CT_SIN) }
    public func cos() throws -> Tensor { try unary(CT_COS) }
    public func floor() throws -> Tensor { try unary(CT_FLOOR) }
    public func ceil() throws -> Tensor { try unary(CT_CEIL) }
    public func rounded() throws -> Tensor { try unary(CT_ROUND) }
    public func sign() throws -> Tensor { try unary(CT_SIGN) }

    public func clamped(min: Double? = nil, max: Double? = nil) throws -> Tensor {
        try checked(ct_clamp(handle, min ?? 0, max ?? 0, min != nil, max != nil))
    }

    // Activations.
    public func relu() throws -> Tensor { try unary(CT_RELU) }
    /// min(max(x, 0), 6): MobileNet's activation, bounded for low-precision inference.
    public func relu6() throws -> Tensor { try clamped(min: 0, max: 6) }
    public func leakyRelu(slope: Double = 0.01) throws -> Tensor { try checked(ct_leaky_relu(handle, slope)) }
    public func gelu() throws -> Tensor { try unary(CT_GELU) }
    public func sigmoid() throws -> Tensor { try unary(CT_SIGMOID) }
    public func tanh() throws -> Tensor { try unary(CT_TANH) }
    public func softmax(dim: Int) throws -> Tensor { try checked(ct_softmax(handle, Int64(dim), false)) }
    public func logSoftmax(dim: Int) throws -> Tensor { try checked(ct_softmax(handle, Int64(dim), true)) }

    /// Matrix product with NumPy broadcasting rules.
    public func matmul(_ other: Tensor) throws -> Tensor { try checked(ct_matmul(handle, other.handle)) }
}
