import CTorch

/// Where a tensor's storage lives.
public enum Device: Sendable, Equatable, CustomStringConvertible {
    case cpu
    case cuda(Int)

    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let index): "cuda:\(index)"
        }
    }

    /// True when this libtorch build was compiled with CUDA and sees a GPU.
    public static var cudaAvailable: Bool { ct_has_cuda() && ct_cuda_device_count() > 0 }
}
