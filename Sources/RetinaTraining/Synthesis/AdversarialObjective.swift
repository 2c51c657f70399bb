import RetinaModels
import Torch

/// The hinge losses of a class-conditional GAN (Lim and Ye 2017; Miyato et al. 2018), with
/// DiffAugment applied to the real and the generated photographs before the discriminator:
/// D minimises mean(relu(1 − D(T(x), c))) + mean(relu(1 + D(T(G(z, c)), c))),
/// G minimises −mean(D(T(G(z, c)), c)).
public struct AdversarialObjective {
    public let generator: ConditionalGenerator
    public let discriminator: ProjectionDiscriminator
    public let augmentation: DifferentiableAugmentation?

    public init(generator: ConditionalGenerator, discriminator: ProjectionDiscriminator, augmentation: DifferentiableAugmentation?) {
        self.generator = generator
        self.discriminator = discriminator
        self.augmentation = augmentation
    }

    func augmented(_ images: Tensor, _ random: RandomGenerator) throws -> Tensor {
        try augmentation.map { try $0(images, generator: random) } ?? images
    }

    /// The discriminator's loss on a batch, with its mean scores of real and generated photographs.
    public func discriminatorLoss(_ batch: SynthesisBatch, random: RandomGenerator) throws -> (loss: Tensor, values: [String: Double]) {
        let fake = try withNoGrad { try generator(latent: batch.discriminatorNoise, conditions: batch.conditions) }
        let real = try discriminator(augmented(batch.images, random), conditions: batch.conditions)
        let generated = try discriminator(augmented(fake, random), conditions: batch.conditions)
        let loss = try (1 - real).relu().mean() + (1 + generated).relu().mean()
        return (loss, ["real_score": try real.mean().item(), "generated_score": try generated.mean().item()])
    }

    /// The generator's loss on a batch (fresh noise, the batch's conditions).
    public func generatorLoss(_ batch: SynthesisBatch, random: RandomGenerator) throws -> Tensor {
        let fake = try generator(latent: batch.generatorNoise, conditions: batch.conditions)
        return try -discriminator(augmented(fake, random), conditions: batch.conditions).mean()
    }
}

/// One step's real photographs (N, 3, R, R) in [−1, 1], their one-hot conditions, and the noise of both updates.
public struct SynthesisBatch: Sendable {
    public var images: Tensor
    public var conditions: Tensor
    public var discriminatorNoise: Tensor
    public var generatorNoise: Tensor

    public init(images: Tensor, conditions: Tensor, discriminatorNoise: Tensor, generatorNoise: Tensor) {
        self.images = images
        self.conditions = conditions
        self.discriminatorNoise = discriminatorNoise
        self.generatorNoise = generatorNoise
    }

    /// `size` photographs drawn with replacement from `images` (M, 3, R, R) with their
    /// `conditions`, each mirrored left–right with probability `flip`, and noise for both updates.
    public static func draw(size: Int, from images: Tensor, conditions: [SynthesisCondition], sizes: [Int], latent: Int,
                            flip: Double, random: RandomGenerator) throws -> SynthesisBatch {
        let picks = try (0 ..< size).map { _ in try random.index(below: conditions.count) }
        let chosen = try picks.map { index -> Tensor in
            let image = try images.slice(dim: 0, start: index, end: index + 1)
            return try random.uniform() < flip ? image.flipped([3]) : image
        }
        return SynthesisBatch(
            images: try Tensor.cat(chosen), conditions: try SynthesisCondition.oneHot(picks.map { conditions[$0] }, sizes: sizes),
            discriminatorNoise: try Tensor.randn([size, latent], generator: random),
            generatorNoise: try Tensor.randn([size, latent], generator: random))
    }
}
