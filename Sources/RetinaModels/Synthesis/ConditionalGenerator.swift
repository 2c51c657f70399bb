import Torch
import TorchNN

/// A DCGAN-like generator conditioned by concatenation: [z, E·c] → linear → 4×4
/// features, then per doubling nearest upsampling, 3×3 convolution, batch norm and
/// ReLU, and a 3×3 convolution to RGB with tanh. Output (N, 3, R, R) in [−1, 1].
public final class ConditionalGenerator: ModuleBase, Layer {
    public let configuration: SynthesisNetworkConfiguration
    let embedding: Linear
    let project: Linear
    let projectNorm: BatchNorm2d
    let upsampling: [Sequential]
    let toRGB: Conv2d

    public init(_ configuration: SynthesisNetworkConfiguration, generator: RandomGenerator) throws {
        let doublings = try configuration.validated()
        self.configuration = configuration
        let base = configuration.channels(atSide: 4)
        embedding = try Linear(configuration.conditionLength, configuration.latentDimension, bias: false, generator: generator)
        project = try Linear(2 * configuration.latentDimension, base * 16, generator: generator)
        projectNorm = try BatchNorm2d(base)
        var blocks: [Sequential] = []
        var side = 4
        for _ in 0 ..< doublings {
            let (inputs, outputs) = (configuration.channels(atSide: side), configuration.channels(atSide: side * 2))
            let next = side * 2
            blocks.append(Sequential([
                Lambda("upsample") { try $0.upsample(to: Pair(next)) },
                try Conv2d(inputs, outputs, kernel: 3, padding: 1, bias: false, generator: generator),
                try BatchNorm2d(outputs), Lambda.relu,
            ]))
            side = next
        }
        upsampling = blocks
        toRGB = try Conv2d(configuration.channels(atSide: configuration.resolution), 3, kernel: 3, padding: 1, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        [("embedding", embedding), ("project", project), ("project_norm", projectNorm)]
            + upsampling.enumerated().map { ("up.\($0.offset)", $0.element as any Module) } + [("to_rgb", toRGB)]
    }

    /// Photographs for noise `latent` (N, latentDimension) and one-hot `conditions` (N, Σ sizes).
    public func callAsFunction(latent: Tensor, conditions: Tensor) throws -> Tensor {
        guard latent.rank == 2, latent.shape[1] == configuration.latentDimension,
              conditions.shape == [latent.shape[0], configuration.conditionLength] else {
            throw SynthesisError("expected noise (N, \(configuration.latentDimension)) and conditions (N, \(configuration.conditionLength)), got \(latent.shape) and \(conditions.shape)")
        }
        let joined = try Tensor.cat([latent, embedding(conditions)], dim: 1)
        var x = try projectNorm(project(joined).reshaped([latent.shape[0], -1, 4, 4])).relu()
        for block in upsampling { x = try block(x) }
        return try toRGB(x).tanh()
    }

    /// The `Layer` form takes the noise and the one-hot conditions side by side, (N, latent + Σ sizes).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let latent = configuration.latentDimension
        return try self(latent: input.slice(dim: 1, end: latent), conditions: input.slice(dim: 1, start: latent))
    }

    /// Standard normal noise for `count` photographs.
    public func noise(count: Int, generator: RandomGenerator) throws -> Tensor {
        try Tensor.randn([count, configuration.latentDimension], generator: generator)
    }
}
