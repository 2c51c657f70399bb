import Foundation

/// Which native libraries and CPU features this process actually runs on.
extension Runtime {
    /// The BLAS that the dynamic linker loaded for libtorch.
    public enum BLAS: Sendable, Equatable, CustomStringConvertible {
        case openBLAS(path: String)
        case reference(path: String)
        case other(path: String)
        case notLoaded

        /// Debian's reference BLAS runs convolutions several times slower than OpenBLAS.
        public var isSlowReference: Bool { if case .reference = self { true } else { false } }

        public var description: String {
            switch self {
            case .openBLAS(let path): "OpenBLAS (\(path))"
            case .reference(let path): "reference BLAS (\(path))"
            case .other(let path): "other BLAS (\(path))"
            case .notLoaded: "none loaded"
            }
        }
    }

    /// Reads the mapped libraries of this process and resolves libblas's alternatives link.
    public static var blas: BLAS {
        guard let maps = procFile("/proc/self/maps") else { return .notLoaded }
        let paths = Set(maps.split(separator: "\n").compactMap { line -> String? in
            guard let slash = line.firstIndex(of: "/") else { return nil }
            return String(line[slash...])
        })
        guard let blas = paths.first(where: { ($0 as NSString).lastPathComponent.hasPrefix("libblas.so") }) else {
            return paths.contains(where: { $0.contains("libopenblas") }) ? .openBLAS(path: "libopenblas") : .notLoaded
        }
        let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: blas)).map {
            $0.hasPrefix("/") ? $0 : ((blas as NSString).deletingLastPathComponent as NSString).appendingPathComponent($0)
        } ?? blas
        let resolved = URL(fileURLWithPath: real).resolvingSymlinksInPath().path
        if resolved.contains("openblas") { return .openBLAS(path: resolved) }
        if resolved.contains("/blas/") { return .reference(path: resolved) }
        return .other(path: resolved)
    }

    /// Reads a /proc file whole (they report size 0, which String(contentsOfFile:) cuts at 4 KiB).
    static func procFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// SIMD features relevant to libtorch's kernels, from /proc/cpuinfo.
    public static var cpuFeatures: [String] {
        guard let info = procFile("/proc/cpuinfo"),
              let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        let present = Set(flags.split(separator: " ").map(String.init))
        return ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_tile"].filter(present.contains)
    }

    /// Whether this CPU computes bfloat16 natively (AVX-512 BF16 or AMX), so that
    /// oneDNN's bfloat16 convolutions are faster than float32 rather than emulated.
    public static var hasNativeBFloat16: Bool {
        let features = Set(cpuFeatures)
        return features.contains("avx512_bf16") || features.contains("amx_tile")
    }

    public static var cpuModel: String {
        guard let info = procFile("/proc/cpuinfo"),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":")
        else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// Peak single-precision GFLOP/s of `cores` cores at the nominal clock:
    /// FMA units × vector width × 2 (multiply + add). An upper bound, for
    /// judging how close a kernel runs to the machine.
    public static func peakGFLOPS(cores: Int) -> Double? {
        guard let info = procFile("/proc/cpuinfo"),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("cpu MHz") }),
              let mhz = Double(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))
        else { return nil }
        let features = Set(cpuFeatures)
        let lanes = features.contains("avx512f") ? 16.0 : features.contains("avx") ? 8.0 : 4.0
        let fmaUnits = features.contains("fma") ? 2.0 : 1.0
        return Double(cores) * mhz / 1000 * lanes * 2 * fmaUnits
    }

    /// Caps glibc's malloc arenas. glibc gives each thread that allocates an arena
    /// of its own and keeps what is freed there; with analysis lanes, workers and
    /// event loops that holds hundreds of MiB of resident memory. (`mallopt` is
    /// found at run time: Swift's Glibc module does not export malloc.h.) No-op elsewhere.
    public static func limitMallocArenas(_ count: Int) {
        #if os(Linux)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let M_ARENA_MAX: Int32 = -8
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(M_ARENA_MAX, Int32(count))
        #endif
    }
}
