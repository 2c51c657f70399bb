import CTorch

/// Element types a tensor can hold.
public enum DType: Sendable, CaseIterable, CustomStringConvertible {
    case float32, float64, float16, bfloat16, int64, int32, uint8, bool

    init(_ code: ct_dtype) {
        switch code {
        case CT_FLOAT64: self = .float64
        case CT_FLOAT16: self = .float16
        case CT_BFLOAT16: self = .bfloat16
        case CT_INT64: self = .int64
        case CT_INT32: self = .int32
        case CT_UINT8: self = .uint8
        case CT_BOOL: self = .bool
        default: self = .float32
        }
    }

    var code: ct_dtype {
        switch self {
        case .float32: CT_FLOAT32
        case .float64: CT_FLOAT64
        case .float16: CT_FLOAT16
        case .bfloat16: CT_BFLOAT16
        case .int64: CT_INT64
        case .int32: CT_INT32
        case .uint8: CT_UINT8
        case .bool: CT_BOOL
        }
    }

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .bfloat16: 2
        case .uint8, .bool: 1
        }
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: true
        default: false
        }
    }

    /// The name safetensors and NumPy-style tools use ("F32", "I64", …).
    public var safetensorsName: String {
        switch self {
        case .float32: "F32"
        case .float64: "F64"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .int64: "I64"
        case .int32: "I32"
        case .uint8: "U8"
        case .bool: "BOOL"
        }
    }

    public init?(safetensorsName: String) {
        guard let match = DType.allCases.first(where: { $0.safetensorsName == safetensorsName })
        else { return nil }
        self = match
    }

    public var description: String {
        switch self {
        case .float32: "float32"
        case .float64: "float64"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .int64: "int64"
        case .int32: "int32"
        case .uint8: "uint8"
        case .bool: "bool"
        }
    }
}

/// Swift element types that map one-to-one onto a `DType`.
public protocol TensorElement: Sendable {
    static var dtype: DType { get }
}
extension Float: TensorElement { public static var dtype: DType { .float32 } }
extension Double: TensorElement { public static var dtype: DType { .float64 } }
extension Int64: TensorElement { public static var dtype: DType { .int64 } }
extension Int32: TensorElement { public static var dtype: DType { .int32 } }
extension UInt8: TensorElement { public static var dtype: DType { .uint8 } }
extension Bool: TensorElement { public static var dtype: DType { .bool } }

/// The number of elements of `shape`, nil when a size is negative or the product overflows.
public func elementCount(_ shape: [Int]) -> Int? {
    var total = 1
    for size in shape {
        guard size >= 0 else { return nil }
        let (product, overflow) = total.multipliedReportingOverflow(by: size)
        if overflow { return nil }
        total = product
    }
    return total
}
