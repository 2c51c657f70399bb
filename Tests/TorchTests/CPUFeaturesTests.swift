import Testing
@testable import Torch

@Suite("CPU features: instruction sets from /proc/cpuinfo, the environment's ceiling, peak")
struct CPUFeaturesTests {
    /// The AMD EPYC (AVX2 and FMA, no AVX-512) and this project's Sapphire Rapids Xeon, abridged.
    static let epyc = """
        processor\t: 0
        model name\t: AMD EPYC 7B13
        cpu MHz\t\t: 2450.000
        flags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx f16c fma avx2 bmi2
        """
    static let xeon = """
        processor\t: 0
        model name\t: Intel(R) Xeon(R) Processor
        cpu MHz\t\t: 2100.000
        flags\t\t: fpu sse sse4_2 avx fma avx2 avx512f avx512bw avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8
        processor\t: 1
        """

    static func close(_ value: Double?, _ expected: Double) -> Bool { value.map { abs($0 - expected) < 1e-9 } ?? false }

    @Test func avx2Machine() {
        let cpu = CPUFeatures(cpuinfo: Self.epyc)
        #expect(cpu.model == "AMD EPYC 7B13")
        #expect(cpu.detected == .avx2 && cpu.usable == .avx2)
        #expect(!cpu.hasNativeBFloat16)
        #expect(cpu.simdFlags == ["sse4_2", "avx", "avx2", "fma"])
        // 2 cores × 2.45 GHz × 8 lanes × 2 FMA units × 2.
        #expect(Self.close(cpu.peakGFLOPS(cores: 2), 2 * 2.45 * 8 * 2 * 2))
    }

    @Test func amxMachine() {
        let cpu = CPUFeatures(cpuinfo: Self.xeon)
        #expect(cpu.detected == .amx && cpu.hasNativeBFloat16)
        #expect(cpu.megahertz == 2100)
        #expect(Self.close(cpu.peakGFLOPS(cores: 1), 2.1 * 16 * 2 * 2))
        #expect(Self.close(cpu.peakGFLOPS(cores: 1, megahertz: 3000), 3 * 16 * 2 * 2))
    }

    @Test("oneDNN's and ATen's ceilings cap the usable level, the peak and the bfloat16 choice; the lowest wins")
    func ceilings() {
        let restricted = CPUFeatures(cpuinfo: Self.xeon, environment: ["ONEDNN_MAX_CPU_ISA": "AVX2"])
        #expect(restricted.detected == .amx && restricted.usable == .avx2)
        #expect(!restricted.hasNativeBFloat16)
        #expect(Self.close(restricted.peakGFLOPS(cores: 1), 2.1 * 8 * 2 * 2))
        #expect(restricted.description.contains("restricted to AVX2+FMA by ONEDNN_MAX_CPU_ISA=AVX2"))
        #expect(CPUFeatures(cpuinfo: Self.xeon, environment: ["DNNL_MAX_CPU_ISA": "AVX512_CORE_BF16"]).usable == .avx512BFloat16)
        #expect(CPUFeatures(cpuinfo: Self.xeon, environment: ["DNNL_MAX_CPU_ISA": "AVX512_CORE"]).hasNativeBFloat16 == false)
        let both = CPUFeatures(cpuinfo: Self.xeon, environment: ["ONEDNN_MAX_CPU_ISA": "AVX512_CORE_AMX", "ATEN_CPU_CAPABILITY": "avx2"])
        #expect(both.usable == .avx2 && both.limit?.variable == "ATEN_CPU_CAPABILITY=avx2")
        #expect(CPUFeatures(cpuinfo: Self.xeon, environment: ["ONEDNN_MAX_CPU_ISA": "ALL"]).usable == .amx)
        // A ceiling above what the CPU has changes nothing.
        #expect(CPUFeatures(cpuinfo: Self.epyc, environment: ["ONEDNN_MAX_CPU_ISA": "AVX512_CORE_AMX"]).usable == .avx2)
    }

    @Test func unreadableInfo() {
        let cpu = CPUFeatures(cpuinfo: "")
        #expect(cpu.model == "unknown" && cpu.detected == .sse42 && cpu.peakGFLOPS(cores: 2) == nil)
    }

    @Test func thisMachineIsRead() {
        let cpu = CPUFeatures.current()
        #expect(!cpu.flags.isEmpty)
        #expect(Runtime.cpuFeatures == cpu.simdFlags)
    }
}
