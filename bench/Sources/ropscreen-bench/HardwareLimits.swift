import Foundation
import Torch

/// What this machine can do at best, measured in this process: the float32 rate of a
/// large 3×3 convolution in oneDNN (the attainable peak of a convolution, beside the
/// nominal one of `CPUFeatures.peakGFLOPS`) and the memory bandwidth of a copy far
/// larger than the caches, each on one core and on every core.
struct HardwareLimits {
    var cpu: CPUFeatures
    var cores: Int
    /// GFLOP/s of the large convolution, by thread count.
    var convolutionGFLOPS: [Int: Double]
    /// GB/s (10⁹ bytes: read plus written) of the copy, by thread count.
    var bandwidth: [Int: Double]

    static func measure() throws -> HardwareLimits {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = Array(Set([1, cores])).sorted()
        var convolution: [Int: Double] = [:]
        var bandwidth: [Int: Double] = [:]
        let generator = try RandomGenerator(seed: 1)
        let input = try Tensor.randn([1, 256, 56, 56], generator: generator)
        let weight = try Tensor.randn([256, 256, 3, 3], generator: generator)
        let flops = 2.0 * 256 * 256 * 9 * 56 * 56
        // 2 × 512 MiB: beyond any cache of this machine (its L3 is reported as 300 MiB).
        let source = try Tensor.ones([128 << 20])
        let destination = try Tensor.zeros([128 << 20])
        let bytes = 2.0 * Double(source.count * 4)
        try withNoGrad {
            for t in threads {
                try Runtime.withLocalThreadCount(t) {
                    _ = try input.conv2d(weight: weight, padding: 1)
                    let times = try (0 ..< 7).map { _ in try timed { _ = try input.conv2d(weight: weight, padding: 1) } }
                    convolution[t] = flops / (median(times) / 1000) / 1e9
                    try destination.copy_(source)
                    let copies = try (0 ..< 5).map { _ in try timed { try destination.copy_(source) } }
                    bandwidth[t] = bytes / (median(copies) / 1000) / 1e9
                }
            }
        }
        return HardwareLimits(cpu: Runtime.cpu, cores: cores, convolutionGFLOPS: convolution, bandwidth: bandwidth)
    }

    func print() {
        Swift.print("CPU: \(cpu)")
        for t in convolutionGFLOPS.keys.sorted() {
            let nominal = cpu.peakGFLOPS(cores: t)
            Swift.print(String(format: "  %d core%@: nominal fp32 peak %@ GFLOP/s (cores × %@ × %d lanes × %d FMA × 2, at %@); 3×3 conv 256→256 at 56×56 reaches %.1f GFLOP/s%@; memory copy %.1f GB/s",
                               t, t == 1 ? "" : "s", nominal.map { String(format: "%.0f", $0) } ?? "?",
                               cpu.megahertz.map { String(format: "%.2f GHz", $0 / 1000) } ?? "? GHz", cpu.usable.float32Lanes, cpu.fmaUnitsPerCore,
                               cpu.usable.description, convolutionGFLOPS[t] ?? 0,
                               nominal.map { String(format: " (%.0f%% of nominal)", (convolutionGFLOPS[t] ?? 0) / $0 * 100) } ?? "",
                               bandwidth[t] ?? 0))
        }
    }
}

/// Milliseconds `body` takes.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    return milliseconds(ContinuousClock.now - start)
}
