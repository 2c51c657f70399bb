import Testing
@testable import Torch
@testable import TorchNN

@Suite("End to end learning")
struct LearningTests {
    /// 16×16 images in noise: class 1 holds a bright horizontal bar, class 0 a vertical one.
    static func batch(_ n: Int, generator: RandomGenerator) throws -> (images: Tensor, labels: Tensor) {
        let labels = try Tensor.randint(0 ..< 2, shape: [n], generator: generator).toArray(of: Int64.self)
        var pixels = try (Tensor.randn([n, 16, 16], generator: generator) * 0.5).toArray(of: Float.self)
        for (i, label) in labels.enumerated() {
            let offset = Int(try generator.uniform(2...12))
            for along in 0 ..< 16 { for across in offset ..< offset + 2 {
                let (y, x) = label == 1 ? (across, along) : (along, across)
                pixels[i * 256 + y * 16 + x] += 1.5
            } }
        }
        return (try Tensor(pixels, shape: [n, 1, 16, 16]), try Tensor(labels))
    }

    @Test("A small CNN learns a two-class image task to ≥ 95% accuracy")
    func smallCNNLearns() throws {
        let generator = try RandomGenerator(seed: 2024)
        let net = try TinyNet(generator: generator)
        let optimizer = AdamW(parameters: net.parameters(), learningRate: 0.01, weightDecay: 1e-4)
        var firstLoss = 0.0, lastLoss = 0.0
        for step in 0 ..< 60 {
            let (x, y) = try Self.batch(32, generator: generator)
            let loss = try Loss.crossEntropy(logits: net(x), targets: y)
            try optimizer.zeroGrad()
            try loss.backward()
            try optimizer.step()
            if step == 0 { firstLoss = try loss.item() }
            lastLoss = try loss.item()
        }
        net.eval()
        let (x, y) = try Self.batch(400, generator: RandomGenerator(seed: 99))
        let accuracy = try withNoGrad { try net(x).argmax(dim: 1).eq(y).to(.float32).mean().item() }
        print("small CNN: loss \(firstLoss) → \(lastLoss), held-out accuracy \(accuracy)")
        #expect(lastLoss < firstLoss)
        #expect(accuracy >= 0.95)
    }
}
