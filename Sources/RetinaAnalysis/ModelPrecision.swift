import Torch

/// The arithmetic the vessel and ridge U-Nets run in. `automatic` picks bfloat16
/// where the CPU computes it natively at the instruction-set level the process may
/// use (`CPUFeatures.hasNativeBFloat16`, which obeys `ONEDNN_MAX_CPU_ISA`), float32
/// elsewhere; the other two force one, to measure either path on any CPU.
public enum ModelPrecision: String, Sendable, CaseIterable {
    case automatic = "auto", float32, bfloat16

    /// Whether the U-Nets run in bfloat16 on `cpu`.
    public func usesBFloat16(on cpu: CPUFeatures) -> Bool {
        switch self {
        case .automatic: cpu.hasNativeBFloat16
        case .float32: false
        case .bfloat16: true
        }
    }
}
