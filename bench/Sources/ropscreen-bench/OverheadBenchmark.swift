import Foundation
import LibtorchBaseline
import Torch
import TorchNN

/// The Swift layer against libtorch's C++ API on the same network, and a large conv2d against the CPU's peak.
enum OverheadBenchmark {
    static func run(rounds: Int) throws {
        print("Small conv net (3×conv–BN–ReLU, pool, linear), batch 8 × 3 × 128 × 128; median of \(rounds) interleaved rounds\n")
        print("case            Swift Torch/TorchNN   libtorch C++      ratio (Swift / C++)")
        for (name, training, iterations) in [("forward", false, 40), ("training step", true, 15)] {
            var swift: [Double] = []
            var cpp: [Double] = []
            for round in 0 ..< rounds {
                // Interleaved, alternating who goes first, so drift in machine load hits both sides alike.
                let runSwift = { swift.append(try swiftConvNetMilliseconds(batch: 8, size: 128, iterations: iterations, training: training)) }
                if round % 2 == 0 { try runSwift() }
                let reference = lb_conv_net_ms(8, 128, Int32(iterations), training ? 1 : 0)
                guard reference > 0 else { fatalError("the libtorch C++ baseline threw") }
                cpp.append(reference)
                if round % 2 == 1 { try runSwift() }
            }
            let (s, c) = (median(swift), median(cpp))
            print(name.padding(toLength: 16, withPad: " ", startingAt: 0)
                  + String(format: "%9.2f ms         %9.2f ms      %.3f (%+.1f%%)", s, c, s / c, (s / c - 1) * 100))
        }

        // A large convolution against the CPU's nominal peak.
        let generator = try RandomGenerator(seed: 1)
        let input = try Tensor.randn([1, 256, 56, 56], generator: generator)
        let weight = try Tensor.randn([256, 256, 3, 3], generator: generator)
        let flops = 2.0 * 256 * 256 * 9 * 56 * 56
        var times: [Double] = []
        try withNoGrad {
            for _ in 0 ..< 2 { _ = try input.conv2d(weight: weight, padding: 1) }
            for _ in 0 ..< 10 {
                let start = ContinuousClock.now
                _ = try input.conv2d(weight: weight, padding: 1)
                times.append(milliseconds(ContinuousClock.now - start))
            }
        }
        let gflops = flops / (median(times) / 1000) / 1e9
        let peak = Runtime.peakGFLOPS(cores: Runtime.threadCount)
        print("\nconv2d 256→256, 3×3, 56×56: \(String(format: "%.2f", median(times))) ms, \(String(format: "%.1f", gflops)) GFLOP/s"
              + (peak.map { String(format: " = %.0f%% of the nominal fp32 peak %.0f GFLOP/s (%d cores × /proc/cpuinfo clock × FMA width; turbo clocks can exceed it)", gflops / $0 * 100, $0, Runtime.threadCount) } ?? ""))
    }
}
