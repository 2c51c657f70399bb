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

    /// This CPU's features under this process's instruction-set ceiling (see `CPUFeatures`).
    public static var cpu: CPUFeatures { CPUFeatures.current() }

    /// SIMD features relevant to libtorch's kernels, from /proc/cpuinfo.
    public static var cpuFeatures: [String] { cpu.simdFlags }

    /// Whether bfloat16 is native at the usable instruction-set level (see `CPUFeatures.hasNativeBFloat16`).
    public static var hasNativeBFloat16: Bool { cpu.hasNativeBFloat16 }

    public static var cpuModel: String { cpu.model }

    /// Peak float32 GFLOP/s of `cores` cores at the reported clock (see `CPUFeatures.peakGFLOPS`):
    /// an upper bound, for judging how close a kernel runs to the machine.
    public static func peakGFLOPS(cores: Int) -> Double? { cpu.peakGFLOPS(cores: cores) }

    /// Sets OpenBLAS's own thread pool (separate from libtorch's) to `count` threads, when
    /// OpenBLAS is the BLAS. Its idle workers spin on `sched_yield` after every call; in a
    /// server, where the analysis lanes already fill the cores and BLAS multiplies only
    /// the classifiers' small heads, one thread saved 13% of the CPU time per report
    /// (perf, 2-core Xeon restricted to AVX2). No-op without OpenBLAS.
    public static func limitBLASThreads(_ count: Int) {
        typealias SetThreads = @convention(c) (Int32) -> Void
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return }
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(max(1, count)))
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
