import Testing
@testable import Torch
@testable import TorchNN

@Suite("Batch norm with kept statistics")
struct KeptStatisticsTests {
    @Test("A frozen batch norm normalises with its running statistics in training and never moves them; their names are listed")
    func keptStatistics() throws {
        let net = try TinyNet(generator: RandomGenerator(seed: 3))
        let input = try Tensor.randn([4, 1, 8, 8], generator: RandomGenerator(seed: 4)) * 3 + 2
        let before = try net.namedBuffers().map { ($0.name, try $0.tensor.clone()) }
        net.freezeBatchNormStatistics()
        net.train()
        _ = try net(input)
        for ((name, old), (_, now)) in zip(before, net.namedBuffers()) {
            #expect(try Self.difference(now, old) == 0, "\(name) moved")
        }
        // In training, a kept norm gives what evaluation gives.
        let training = try net(input)
        net.eval()
        #expect(try Self.difference(training, net(input)) < 1e-5)
        let kept = net.keptStatisticNames()
        #expect(kept.contains("features.1.running_mean") && kept.contains("features.3.bn2.running_var") && kept.contains("features.1.num_batches_tracked"))
        #expect(!kept.contains { $0.hasSuffix(".weight") || $0.hasSuffix(".bias") })
        // Unfrozen, training moves them.
        let other = try TinyNet(generator: RandomGenerator(seed: 3))
        other.train()
        _ = try other(input)
        #expect(other.keptStatisticNames().isEmpty)
        let moved = try #require(other.namedBuffers().first { $0.name == "features.1.running_mean" }?.tensor)
        let start = try #require(before.first { $0.0 == "features.1.running_mean" }?.1)
        #expect(try Self.difference(moved, start) > 0.01)
    }

    static func difference(_ a: Tensor, _ b: Tensor) throws -> Double { try (a - b).abs().max().item() }
}
