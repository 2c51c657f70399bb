import Foundation
import Testing
import Torch
@testable import RetinaModels

@Suite("Synthesis networks")
struct SynthesisNetworkTests {
    static let configuration = SynthesisNetworkConfiguration(resolution: 32, latentDimension: 8, width: 4, maximumChannels: 16, conditions: [2, 2])

    @Test("The generator makes (N, 3, R, R) photographs in [−1, 1], and the condition changes them for the same noise")
    func generatorShapesAndConditioning() throws {
        let generator = try ConditionalGenerator(Self.configuration, generator: RandomGenerator(seed: 1))
        generator.eval()
        let noise = try generator.noise(count: 3, generator: RandomGenerator(seed: 2))
        let normal = try SynthesisCondition.oneHot(Array(repeating: SynthesisCondition([0, 0]), count: 3), sizes: [2, 2])
        let rop = try SynthesisCondition.oneHot(Array(repeating: SynthesisCondition([1, 0]), count: 3), sizes: [2, 2])
        let (a, b) = try withNoGrad { (try generator(latent: noise, conditions: normal), try generator(latent: noise, conditions: rop)) }
        #expect(a.shape == [3, 3, 32, 32])
        let values = try a.toArray(of: Float.self)
        #expect(values.allSatisfy { $0 >= -1 && $0 <= 1 })
        let difference = try (a - b).abs().max().item()
        #expect(difference > 1e-4, "the diagnosis must reach the output")
        // The Layer form (noise and codes side by side) is the same function.
        let joined = try withNoGrad { try generator(Tensor.cat([noise, normal], dim: 1)) }
        #expect(try (joined - a).abs().max().item() < 1e-6)
    }

    @Test("The projection discriminator gives one score per photograph, and the condition enters it")
    func discriminatorShapesAndProjection() throws {
        let discriminator = try ProjectionDiscriminator(Self.configuration, generator: RandomGenerator(seed: 3))
        let images = try Tensor.rand([4, 3, 32, 32], generator: RandomGenerator(seed: 4)) * 2 - 1
        let first = try SynthesisCondition.oneHot(Array(repeating: SynthesisCondition([0, 1]), count: 4), sizes: [2, 2])
        let second = try SynthesisCondition.oneHot(Array(repeating: SynthesisCondition([1, 1]), count: 4), sizes: [2, 2])
        let (s, t) = try withNoGrad { (try discriminator(images, conditions: first), try discriminator(images, conditions: second)) }
        #expect(s.shape == [4])
        #expect(try (s - t).abs().max().item() > 1e-6)
        #expect(throws: SynthesisError.self) { try discriminator(Tensor.zeros([1, 3, 16, 16]), conditions: first.slice(dim: 0, end: 1)) }
    }

    @Test("Resolutions that are not 4·2ᵏ and conditions out of range are refused")
    func refusals() throws {
        var bad = Self.configuration
        bad.resolution = 48
        #expect(throws: SynthesisError.self) { try ConditionalGenerator(bad, generator: RandomGenerator(seed: 1)) }
        #expect(throws: SynthesisError.self) { try SynthesisCondition.oneHot([SynthesisCondition([2, 0])], sizes: [2, 2]) }
        #expect(throws: SynthesisError.self) { try SynthesisCondition.oneHot([SynthesisCondition([0])], sizes: [2, 2]) }
    }

    @Test("Power iteration finds a known matrix's largest singular value, and the normalised weight's is 1")
    func spectralNormalisation() throws {
        // [[1, 2], [3, 4], [5, 6]] has singular values 9.52552 and 0.51430.
        let weight = try Tensor([Float(1), 2, 3, 4, 5, 6], shape: [3, 2])
        let spectral = try SpectralNormalization(rows: 3, columns: 2, iterations: 30, generator: RandomGenerator(seed: 5))
        let normalised = try spectral.normalize(weight, training: true)
        #expect(abs(try spectral.estimate(weight) - 9.52552) < 1e-3)
        #expect(abs(try spectral.estimate(normalised) - 1) < 1e-4)
        // In evaluation mode the kept vectors are used as they are: the same answer again.
        let again = try spectral.normalize(weight, training: false)
        #expect(try (again - normalised).abs().max().item() < 1e-6)
        // A convolution's kernel is the matrix (out, in·kh·kw).
        let conv = try SpectralConv2d(2, 3, kernel: 3, padding: 1, generator: RandomGenerator(seed: 6))
        for _ in 0 ..< 30 { _ = try conv(Tensor.zeros([1, 2, 4, 4])) }
        let effective = try conv.spectral.normalize(conv.weight, training: false)
        #expect(abs(try conv.spectral.estimate(effective) - 1) < 1e-3)
        #expect(conv.namedBuffers().map(\.name) == ["weight_u", "weight_v"])
    }
}
