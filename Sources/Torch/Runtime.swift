import CTorch
import Foundation

/// Process-wide facts and switches of libtorch: versions, threads, grad mode.
public enum Runtime {
    public static var version: String { String(cString: ct_version()) }

    /// libtorch's intra-op thread count.
    public static var threadCount: Int { Int(ct_get_num_threads()) }

    public static func setThreadCount(_ n: Int) throws {
        guard n > 0 else { throw TorchError("thread count must be positive, got \(n)") }
        try check(ct_set_num_threads(Int32(n)))
    }

    /// Sets libtorch's thread count for the calling thread only; other threads keep theirs.
    public static func setLocalThreadCount(_ n: Int) throws {
        guard n > 0 else { throw TorchError("thread count must be positive, got \(n)") }
        try check(ct_set_local_num_threads(Int32(n)))
    }

    /// Runs `body` with libtorch using `n` threads on the calling thread only,
    /// then restores the thread's previous count. Two threads that each run a
    /// model this way share the cores without oversubscribing them.
    public static func withLocalThreadCount<R>(_ n: Int, _ body: () throws -> R) throws -> R {
        let previous = threadCount
        try setLocalThreadCount(max(1, n))
        defer { try? setLocalThreadCount(previous) }
        return try body()
    }

    public static var hasMKLDNN: Bool { ct_has_mkldnn() }

    /// Makes a quantized CPU engine that runs int8 convolutions fast on x86 (FBGEMM,
    /// else oneDNN; Debian's libtorch has only oneDNN) the process's engine, and names
    /// it; nil when this libtorch has neither. libtorch keeps the engine process-wide.
    @discardableResult
    public static func selectQuantizedEngine() -> String? { quantizedEngine(select: true) }

    /// The engine `selectQuantizedEngine` would choose, if any, left unselected.
    public static var quantizedEngineName: String? { quantizedEngine(select: false) }

    public static var hasQuantizedEngine: Bool { quantizedEngineName != nil }

    private static func quantizedEngine(select: Bool) -> String? {
        var name: UnsafePointer<CChar>?
        guard ct_quantized_engine(select, &name), let name else { return nil }
        return String(cString: name)
    }

    /// libtorch's build configuration (`torch.__config__.show()`).
    public static var buildConfiguration: String { takeString(ct_build_config()) }

    /// Threading and CPU capability summary (`torch.__config__.parallel_info()`).
    public static var parallelInfo: String { takeString(ct_parallel_info()) }

    /// Whether autograd records operations on this thread.
    public static var isGradEnabled: Bool { ct_is_grad_enabled() }

    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { ct_free_string(pointer) }
        return String(cString: pointer)
    }
}

/// Runs `body` with autograd recording off on this thread (inference, optimiser
/// steps), restoring the previous mode afterwards. Grad mode is per thread, so
/// `body` is synchronous.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    let previous = ct_is_grad_enabled()
    ct_set_grad_enabled(false)
    defer { ct_set_grad_enabled(previous) }
    return try body()
}

/// Runs `body` with autograd recording on (for training code called from a no-grad scope).
public func withGrad<R>(_ body: () throws -> R) rethrows -> R {
    let previous = ct_is_grad_enabled()
    ct_set_grad_enabled(true)
    defer { ct_set_grad_enabled(previous) }
    return try body()
}

extension Runtime {
    /// libgomp here starts with one thread even on a multi-core machine; use
    /// every core unless OMP_NUM_THREADS says otherwise. Called once by `main`.
    public static func useAllCoresUnlessConfigured() throws {
        guard ProcessInfo.processInfo.environment["OMP_NUM_THREADS"] == nil else { return }
        try setThreadCount(ProcessInfo.processInfo.activeProcessorCount)
    }
}
