import Foundation
import Testing
import Torch
@testable import RetinaModels

@Suite("ResNet")
struct ResNetTests {
    @Test("In evaluation mode the head's dropout is off: the same input gives the same answer, alone or in a batch")
    func evaluationIsDeterministic() throws {
        let network = try ResNet(ResNetConfiguration(classes: 2, widths: [8, 16], blocksPerStage: 1, dropout: 0.5), generator: RandomGenerator(seed: 2))
        network.eval()
        let x = try Tensor.rand([1, 3, 32, 32], generator: RandomGenerator(seed: 3))
        let (a, b, batch) = try withNoGrad {
            (try network(x).toArray(of: Float.self), try network(x).toArray(of: Float.self),
             try network(Tensor.cat([x, x, x])).toArray(of: Float.self))
        }
        #expect(a == b)
        for i in 0 ..< 3 {
            for k in 0 ..< 2 { #expect(abs(batch[i * 2 + k] - a[k]) < 1e-4) }
        }
        // Training mode still drops.
        network.train()
        let dropped = try withNoGrad { try network(x).toArray(of: Float.self) }
        #expect(dropped != a)
        // Dropout has no parameters: the checkpoint's names are unchanged.
        #expect(!network.namedParameters().contains { $0.name.hasPrefix("dropout") })
    }

    @Test("An evidence map scores every feature cell, and its highest cell is one more input of the head")
    func evidenceMap() throws {
        let plain = try ResNet(ResNetConfiguration(classes: 2, widths: [8, 16]), generator: RandomGenerator(seed: 2))
        let network = try ResNet(ResNetConfiguration(classes: 2, widths: [8, 16], evidenceMap: true), generator: RandomGenerator(seed: 2))
        network.eval()
        #expect(try plain.forwardEvidence(Tensor.zeros([1, 16, 4, 4])) == nil)
        #expect(network.namedParameters().map(\.name).contains("evidence.weight"))
        #expect(network.head.linear.weight.shape == [2, 17])
        let x = try Tensor.rand([2, 3, 32, 32], generator: RandomGenerator(seed: 3))
        let (map, logits) = try withNoGrad {
            let features = try network.forwardFeatures(x)
            return (try #require(try network.forwardEvidence(features)), try network.forwardHead(features))
        }
        #expect(map.shape == [2, 1, 8, 8] && logits.shape == [2, 2])
        try network.resetClassifier(classes: 3)
        #expect(network.head.linear.weight.shape == [3, 17])
        // Cards written before the evidence map still decode, without one.
        let old = try JSONDecoder().decode(ResNetConfiguration.self, from: Data(#"{"inputChannels":3,"classes":2,"widths":[8],"blocksPerStage":1,"dropout":0}"#.utf8))
        #expect(old.evidenceMap == nil)
    }
}
