import Torch
import TorchNN

/// A spectrally normalised convolutional discriminator with a projection head
/// (Miyato and Koyama, "cGANs with projection discriminator", 2018): features h
/// from 3×3 then stride-2 4×4 convolutions with leaky ReLU down to 4×4, summed
/// over space; the score is ψ(h) + ⟨E·c, h⟩, so the condition c enters as an
/// inner product with the image's features rather than as an input channel.
public final class ProjectionDiscriminator: ModuleBase, Layer {
    public let configuration: SynthesisNetworkConfiguration
    let fromRGB: SpectralConv2d
    let downsampling: [SpectralConv2d]
    let score: SpectralLinear
    let embedding: SpectralLinear
    static let slope = 0.2

    public init(_ configuration: SynthesisNetworkConfiguration, generator: RandomGenerator) throws {
        let doublings = try configuration.validated()
        self.configuration = configuration
        fromRGB = try SpectralConv2d(3, configuration.channels(atSide: configuration.resolution), kernel: 3, padding: 1, generator: generator)
        var side = configuration.resolution
        var layers: [SpectralConv2d] = []
        for _ in 0 ..< doublings {
            layers.append(try SpectralConv2d(configuration.channels(atSide: side), configuration.channels(atSide: side / 2),
                                             kernel: 4, stride: 2, padding: 1, generator: generator))
            side /= 2
        }
        downsampling = layers
        let features = configuration.channels(atSide: 4)
        score = try SpectralLinear(features, 1, generator: generator)
        embedding = try SpectralLinear(configuration.conditionLength, features, bias: false, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        [("from_rgb", fromRGB as any Module)] + downsampling.enumerated().map { ("down.\($0.offset)", $0.element as any Module) }
            + [("score", score), ("embedding", embedding)]
    }

    /// Pooled features h (N, C) of photographs (N, 3, R, R).
    public func features(_ images: Tensor) throws -> Tensor {
        guard images.rank == 4, images.shape[1] == 3, images.shape[2] == configuration.resolution, images.shape[3] == configuration.resolution else {
            throw SynthesisError("expected photographs (N, 3, \(configuration.resolution), \(configuration.resolution)), got \(images.shape)")
        }
        var x = try fromRGB(images).leakyRelu(slope: Self.slope)
        for layer in downsampling { x = try layer(x).leakyRelu(slope: Self.slope) }
        return try x.sum(dims: [2, 3])
    }

    /// One real-versus-generated score per photograph, (N,), for its one-hot `conditions` (N, Σ sizes).
    public func callAsFunction(_ images: Tensor, conditions: Tensor) throws -> Tensor {
        let h = try features(images)
        guard conditions.shape == [images.shape[0], configuration.conditionLength] else {
            throw SynthesisError("expected conditions (\(images.shape[0]), \(configuration.conditionLength)), got \(conditions.shape)")
        }
        let projection = try (embedding(conditions) * h).sum(dims: [1])
        return try score(h).squeezed(1) + projection
    }

    /// The unconditional part ψ(h) alone, (N, 1): the `Layer` form.
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try score(features(input)) }
}
