import Torch

/// The arithmetic the U-Nets (vessels, ridge, disc and fovea) run in. `automatic` picks,
/// per U-Net: bfloat16 for the vessel and ridge U-Nets where the CPU computes it natively
/// at the instruction-set level the process may use (`CPUFeatures.hasNativeBFloat16`, which
/// obeys `ONEDNN_MAX_CPU_ISA`); else int8 where its bundle carries an int8 calibration
/// (`UNetActivationRanges`, written only for models whose test figures hold in int8 and
/// that it makes faster) and libtorch has a quantized engine; else the float32 inference
/// form. Measured (`ropscreen-bench models`, one thread): the vessel U-Net at 512² ran
/// 358 → 295 ms in int8 on AVX2, but 102 ms in bfloat16 against 141 in int8 on AMX; on
/// AVX2 its infant F1 moved by −0.0069, so no bundle carries a calibration today. The
/// others force one, to measure each path on any CPU (`int8` falls back to float32 for a
/// U-Net without a calibration).
public enum ModelPrecision: String, Sendable, CaseIterable {
    case automatic = "auto", float32, bfloat16, int8

    /// What one U-Net runs in.
    public enum Arithmetic: String, Sendable {
        case float32, bfloat16, int8
    }

    /// The arithmetic of a U-Net on `cpu`: `calibrated` when its bundle has an int8
    /// calibration, `bfloat16Allowed` for the U-Nets whose figures hold in bfloat16.
    public func arithmetic(on cpu: CPUFeatures, calibrated: Bool, bfloat16Allowed: Bool = true) -> Arithmetic {
        let int8OrFloat32: Arithmetic = calibrated && Runtime.hasQuantizedEngine ? .int8 : .float32
        return switch self {
        case .float32: .float32
        case .bfloat16: bfloat16Allowed ? .bfloat16 : .float32
        case .int8: int8OrFloat32
        case .automatic: bfloat16Allowed && cpu.hasNativeBFloat16 ? .bfloat16 : int8OrFloat32
        }
    }

    /// Whether the vessel and ridge U-Nets run in bfloat16 on `cpu` when they have no int8 calibration.
    public func usesBFloat16(on cpu: CPUFeatures) -> Bool {
        arithmetic(on: cpu, calibrated: false) == .bfloat16
    }
}
