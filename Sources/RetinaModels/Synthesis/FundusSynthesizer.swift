import Foundation
import FundusImaging
import Torch
import TorchNN

/// A bundled generator ready to sample: its card and its averaged weights, in evaluation mode.
public final class FundusSynthesizer {
    public let card: SynthesisCard
    public let generator: ConditionalGenerator
    /// Photographs per forward pass.
    public var batchSize = 16

    public init(directory: URL) throws {
        card = try SynthesisCard.read(from: directory)
        guard card.network.conditions == card.factors.map(\.values.count) else {
            throw SynthesisError("the card's factors (\(card.factors.map(\.values.count))) do not match its network's conditions (\(card.network.conditions))")
        }
        generator = try ConditionalGenerator(card.network, generator: RandomGenerator(seed: 0))
        try generator.load(from: directory.appendingPathComponent(SynthesisCard.weightsFileName).path)
        generator.eval()
    }

    public init(card: SynthesisCard, generator: ConditionalGenerator) {
        self.card = card
        self.generator = generator
    }

    /// Generated photographs (N, 3, R, R) in [−1, 1], one per condition, noise drawn from `random`.
    public func images(_ conditions: [SynthesisCondition], random: RandomGenerator) throws -> Tensor {
        var parts: [Tensor] = []
        var start = 0
        while start < conditions.count {
            let chunk = Array(conditions[start ..< min(start + batchSize, conditions.count)])
            let noise = try generator.noise(count: chunk.count, generator: random)
            let codes = try SynthesisCondition.oneHot(chunk, sizes: card.network.conditions)
            parts.append(try withNoGrad { try generator(latent: noise, conditions: codes) })
            start += chunk.count
        }
        guard !parts.isEmpty else { return try Tensor.zeros([0, 3, card.network.resolution, card.network.resolution]) }
        return try Tensor.cat(parts)
    }

    /// The photographs as 8-bit RGB bitmaps.
    public func photographs(_ conditions: [SynthesisCondition], random: RandomGenerator) throws -> [Bitmap] {
        let batch = try images(conditions, random: random)
        return try (0 ..< batch.shape[0]).map { try Self.bitmap(batch.select(dim: 0, index: $0)) }
    }

    /// An image (3, R, R) in [−1, 1] as a bitmap.
    public static func bitmap(_ image: Tensor) throws -> Bitmap {
        try Bitmap(tensor: (image + 1) / 2)
    }
}
