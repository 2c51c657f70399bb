import Torch
import TorchNN

/// How much of EfficientNet-Lite0 to build, and the head on top.
public struct EfficientNetLiteConfiguration: Codable, Sendable, Equatable {
    public var inputChannels: Int
    public var classes: Int
    /// How many of Lite0's 16 inverted-residual blocks to keep: 11 ends at stride
    /// 16 with 112 channels, 16 at stride 32 with 320. ImageNet weights for the
    /// blocks kept come from `scripts/pretrained/efficientnet_lite0.py`.
    public var blocks: Int
    public var dropout: Double
    /// A per-cell evidence map read by the head (as `ResNetConfiguration.evidenceMap`).
    public var evidenceMap: Bool?

    public init(inputChannels: Int = 3, classes: Int, blocks: Int = 16, dropout: Double = 0, evidenceMap: Bool? = nil) {
        self.inputChannels = inputChannels
        self.classes = classes
        self.blocks = blocks
        self.dropout = dropout
        self.evidenceMap = evidenceMap
    }
}

/// EfficientNet-Lite0 (Tan & Le 2019; the "Lite" variant drops squeeze-and-
/// excitation and uses ReLU6, for CPUs) up to a chosen block, under a
/// `ClassifierHead`. It exists to start from ImageNet weights: with about 800
/// labelled photographs a network trained from scratch learns too little.
///
/// Convolutions pad symmetrically where TensorFlow's originals padded "same"
/// (one pixel more at the bottom right of stride-2 layers); fine-tuning absorbs
/// the half-pixel shift.
public final class EfficientNetLite: ModuleBase, ClassifierNetwork {
    /// Lite0's stages: (repeats, kernel, stride, expansion, output channels).
    static let stages: [(repeats: Int, kernel: Int, stride: Int, expansion: Int, channels: Int)] = [
        (1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80),
        (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320),
    ]
    static let stemChannels = 32
    static let epsilon = 1e-3

    public let configuration: EfficientNetLiteConfiguration
    let stem: Sequential
    let blocks: Sequential
    public let head: ClassifierHead

    public init(_ configuration: EfficientNetLiteConfiguration, generator: RandomGenerator) throws {
        let available = Self.stages.reduce(0) { $0 + $1.repeats }
        guard (1 ... available).contains(configuration.blocks), configuration.classes >= 1 else {
            throw TorchError("EfficientNet-Lite0 needs 1…\(available) blocks and ≥ 1 class, got \(configuration)")
        }
        self.configuration = configuration
        stem = Sequential([
            try Conv2d(configuration.inputChannels, Self.stemChannels, kernel: 3, stride: 2, padding: 1, bias: false, generator: generator),
            try BatchNorm2d(Self.stemChannels, epsilon: Self.epsilon), Lambda.relu6,
        ])
        var layers: [any Layer] = []
        var inputs = Self.stemChannels
        for stage in Self.stages {
            for r in 0 ..< stage.repeats where layers.count < configuration.blocks {
                layers.append(try InvertedResidualBlock(inputs, stage.channels, kernel: stage.kernel, stride: r == 0 ? stage.stride : 1,
                                                        expansion: stage.expansion, epsilon: Self.epsilon, generator: generator))
                inputs = stage.channels
            }
        }
        blocks = Sequential(layers)
        head = try ClassifierHead(features: inputs, classes: configuration.classes, dropout: configuration.dropout,
                                  evidenceMap: configuration.evidenceMap == true, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        [("stem", stem), ("blocks", blocks)] + head.children
    }

    public func forwardFeatures(_ input: Tensor) throws -> Tensor { try blocks(stem(input)) }
}
