import Foundation
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
