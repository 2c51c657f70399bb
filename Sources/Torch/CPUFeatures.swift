import Foundation

/// What this CPU can compute, read at run time from `/proc/cpuinfo`, and the
/// instruction-set ceiling the process was given (`ONEDNN_MAX_CPU_ISA`,
/// `DNNL_MAX_CPU_ISA`, `ATEN_CPU_CAPABILITY`): libtorch and oneDNN obey those
/// variables, so peak figures and the bfloat16 choice must obey them too. A
/// value, built from text, so that tests can feed it any machine.
public struct CPUFeatures: Sendable, Equatable, CustomStringConvertible {
    /// Vector instruction-set levels that change which kernels run, lowest first.
    public enum InstructionSet: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case sse42, avx2, avx512, avx512BFloat16, amx

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .sse42: "SSE4.2"
            case .avx2: "AVX2+FMA"
            case .avx512: "AVX-512"
            case .avx512BFloat16: "AVX-512 BF16"
            case .amx: "AMX"
            }
        }

        /// float32 lanes of one vector register.
        public var float32Lanes: Int {
            switch self {
            case .sse42: 4
            case .avx2: 8
            case .avx512, .avx512BFloat16, .amx: 16
            }
        }
    }

    public var model: String
    /// Every flag `/proc/cpuinfo` lists.
    public var flags: Set<String>
    /// The clock `/proc/cpuinfo` reports (the nominal one under a hypervisor), if any.
    public var megahertz: Double?
    /// The highest level the flags support.
    public var detected: InstructionSet
    /// The ceiling named by the environment, and the variable that named it.
    public var limit: (level: InstructionSet, variable: String)?

    public static func == (a: Self, b: Self) -> Bool {
        a.model == b.model && a.flags == b.flags && a.megahertz == b.megahertz && a.detected == b.detected
            && a.limit?.level == b.limit?.level && a.limit?.variable == b.limit?.variable
    }

    /// Parses `cpuinfo` (the first processor's lines) under `environment`'s ceiling.
    public init(cpuinfo: String, environment: [String: String] = [:]) {
        let lines = cpuinfo.split(separator: "\n")
        func value(_ key: String) -> String? {
            guard let line = lines.first(where: { $0.hasPrefix(key) }), let colon = line.firstIndex(of: ":") else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        model = value("model name") ?? "unknown"
        flags = Set((value("flags") ?? "").split(separator: " ").map(String.init))
        megahertz = value("cpu MHz").flatMap(Double.init)
        detected = Self.level(flags: flags)
        limit = Self.limit(environment: environment)
    }

    /// This machine, under this process's environment.
    public static func current() -> CPUFeatures {
        CPUFeatures(cpuinfo: Runtime.procFile("/proc/cpuinfo") ?? "", environment: ProcessInfo.processInfo.environment)
    }

    /// The level kernels actually use: the detected one, capped by the environment.
    public var usable: InstructionSet { min(detected, limit?.level ?? detected) }

    /// Whether bfloat16 runs natively (AVX-512 BF16 or AMX) at the usable level, so that
    /// oneDNN's bfloat16 convolutions beat float32 rather than being emulated.
    public var hasNativeBFloat16: Bool { usable >= .avx512BFloat16 }

    /// Fused multiply-add units per core assumed for the peak: two on every AVX2 and
    /// AVX-512 server core of the last decade (Haswell on, Zen on, Xeon Gold/Platinum),
    /// one without FMA. An assumption stated, not read: cpuid does not report it.
    public var fmaUnitsPerCore: Int { usable >= .avx2 ? 2 : 1 }

    /// Peak float32 GFLOP/s of `cores` cores at `megahertz` (default: the reported clock):
    /// cores × GHz × lanes × FMA units × 2 (a multiply and an add). nil without a clock.
    public func peakGFLOPS(cores: Int, megahertz: Double? = nil) -> Double? {
        guard let mhz = megahertz ?? self.megahertz, mhz > 0 else { return nil }
        return Double(cores) * mhz / 1000 * Double(usable.float32Lanes * fmaUnitsPerCore * 2)
    }

    /// The SIMD flags that matter to libtorch's kernels, in a fixed order.
    public var simdFlags: [String] {
        ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_tile"].filter(flags.contains)
    }

    /// One line for a benchmark's header: model, clock, detected level and the ceiling.
    public var description: String {
        var text = model + (megahertz.map { String(format: " at %.0f MHz", $0) } ?? "") + ", \(detected)"
        if let limit, limit.level < detected { text += " restricted to \(limit.level) by \(limit.variable)" }
        return text + " (flags: \(simdFlags.joined(separator: " ")))"
    }

    static func level(flags: Set<String>) -> InstructionSet {
        if flags.contains("amx_tile") && flags.contains("amx_bf16") { return .amx }
        if flags.contains("avx512_bf16") { return .avx512BFloat16 }
        if flags.contains("avx512f") { return .avx512 }
        if flags.contains("avx2") && flags.contains("fma") { return .avx2 }
        return .sse42
    }

    /// oneDNN's names (`AVX2`, `AVX512_CORE`, `AVX512_CORE_BF16`, `AVX512_CORE_AMX`, …)
    /// and ATen's (`default`, `avx2`, `avx512`); the lowest ceiling wins.
    static func limit(environment: [String: String]) -> (level: InstructionSet, variable: String)? {
        var lowest: (level: InstructionSet, variable: String)?
        for variable in ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY"] {
            guard let value = environment[variable], !value.isEmpty, value.uppercased() != "ALL" else { continue }
            let raw = value.uppercased()
            let level: InstructionSet
            if raw.contains("AMX") { level = .amx }
            else if raw.contains("BF16") { level = .avx512BFloat16 }
            else if raw.contains("AVX512") { level = .avx512 }
            else if raw.contains("AVX2") { level = .avx2 }
            else { level = .sse42 }  // SSE41, AVX (no FMA), ATen's "DEFAULT"
            if let current = lowest, current.level <= level { continue }
            lowest = (level, "\(variable)=\(value)")
        }
        return lowest
    }
}
