import Testing
import Torch
@testable import RetinaAnalysis

@Suite("U-Net arithmetic: bfloat16 where native, else int8 where calibrated, else float32")
struct ModelPrecisionTests {
    static let avx2 = CPUFeatures(cpuinfo: "model name\t: AMD EPYC 7B13\nflags\t\t: sse4_2 avx fma avx2\n")
    static let amx = CPUFeatures(cpuinfo: "model name\t: Intel(R) Xeon(R)\nflags\t\t: sse4_2 avx fma avx2 avx512f avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8\n")

    @Test func choices() {
        let int8: ModelPrecision.Arithmetic = Runtime.hasQuantizedEngine ? .int8 : .float32
        #expect(ModelPrecision.automatic.arithmetic(on: Self.avx2, calibrated: true) == int8)
        #expect(ModelPrecision.automatic.arithmetic(on: Self.avx2, calibrated: false) == .float32)
        #expect(ModelPrecision.automatic.arithmetic(on: Self.amx, calibrated: false) == .bfloat16)
        #expect(ModelPrecision.automatic.arithmetic(on: Self.amx, calibrated: false, bfloat16Allowed: false) == .float32)
        #expect(ModelPrecision.automatic.arithmetic(on: Self.amx, calibrated: true) == .bfloat16, "bfloat16 beats int8 where native")
        #expect(ModelPrecision.automatic.arithmetic(on: Self.amx, calibrated: true, bfloat16Allowed: false) == int8)
        #expect(ModelPrecision.int8.arithmetic(on: Self.amx, calibrated: true) == int8)
        #expect(ModelPrecision.float32.arithmetic(on: Self.amx, calibrated: true) == .float32)
        #expect(ModelPrecision.bfloat16.arithmetic(on: Self.avx2, calibrated: true) == .bfloat16)
        #expect(ModelPrecision.bfloat16.arithmetic(on: Self.avx2, calibrated: true, bfloat16Allowed: false) == .float32)
        #expect(ModelPrecision.int8.arithmetic(on: Self.avx2, calibrated: false) == .float32, "no calibration: no int8")
        #expect(ModelPrecision.automatic.usesBFloat16(on: Self.amx) && !ModelPrecision.automatic.usesBFloat16(on: Self.avx2))
    }
}
