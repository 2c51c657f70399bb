import Foundation
import LibtorchBaseline
import Torch
import TorchNN

/// The Swift side of the comparison: the same network as LibtorchBaseline's SmallConvNet.
final class SmallConvNet: ModuleBase, Layer {
    let features: Sequential
    let head: Linear

    init(generator: RandomGenerator) throws {
        features = Sequential([
            try Conv2d(3, 16, kernel: 3, padding: 1, bias: false, generator: generator), try BatchNorm2d(16), Lambda.relu,
            try Conv2d(16, 32, kernel: 3, stride: 2, padding: 1, bias: false, generator: generator), try BatchNorm2d(32), Lambda.relu,
            try Conv2d(32, 32, kernel: 3, padding: 1, bias: false, generator: generator), try BatchNorm2d(32), Lambda.relu,
            Lambda.globalAvgPool,
        ])
        head = try Linear(32, 2, generator: generator)
    }

    var children: [(name: String, module: any Module)] { [("features", features), ("head", head)] }
    func callAsFunction(_ input: Tensor) throws -> Tensor { try head(features(input)) }
}

func swiftConvNetMilliseconds(batch: Int, size: Int, iterations: Int, training: Bool) throws -> Double {
    let generator = try RandomGenerator(seed: 0)
    let net = try SmallConvNet(generator: generator)
    let x = try Tensor.randn([batch, 3, size, size], generator: generator)
    let y = try Tensor.randint(0 ..< 2, shape: [batch], generator: generator)
    let optimizer = try SGD(parameters: net.parameters(), learningRate: 0.01, momentum: 0.9)
    net.train(training)
    func once() throws {
        if training {
            try optimizer.zeroGrad()
            try Loss.crossEntropy(logits: net(x), targets: y).backward()
            try optimizer.step()
        } else {
            _ = try withNoGrad { try net(x) }
        }
    }
    for _ in 0 ..< 3 { try once() }
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0 ..< iterations { try once() }
    return milliseconds(clock.now - start) / Double(iterations)
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

try Runtime.useAllCoresUnlessConfigured()
let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "") ?? 10
print("ropscreen-bench — libtorch \(Runtime.version), \(Runtime.threadCount) threads, BLAS: \(Runtime.blas), CPU: \(Runtime.cpuModel)")
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
