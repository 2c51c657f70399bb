import Torch
import TorchNN

/// Widths and depths of a small ResNet classifier.
public struct ResNetConfiguration: Codable, Sendable, Equatable {
    public var inputChannels: Int
    public var classes: Int
    /// Channels of each stage; every stage after the first halves the resolution.
    public var widths: [Int]
    /// Residual blocks per stage.
    public var blocksPerStage: Int
    public var dropout: Double

    public init(inputChannels: Int = 3, classes: Int, widths: [Int] = [16, 32, 64, 128], blocksPerStage: Int = 1, dropout: Double = 0) {
        self.inputChannels = inputChannels
        self.classes = classes
        self.widths = widths
        self.blocksPerStage = blocksPerStage
        self.dropout = dropout
    }
}

/// A ResNet (He et al. 2016) of basic blocks with the seams that transfer learning
/// and Grad-CAM need: `forwardFeatures` (the last feature map), `forwardHead`
/// (pool, dropout, linear) and `resetClassifier(classes:)`.
public final class ResNet: ModuleBase, Layer {
    public let configuration: ResNetConfiguration
    let stem: Sequential
    let stages: [Sequential]
    public private(set) var head: Linear
    let dropout: Dropout
    private let generator: RandomGenerator

    public init(_ configuration: ResNetConfiguration, generator: RandomGenerator) throws {
        guard let first = configuration.widths.first, configuration.blocksPerStage >= 1, configuration.classes >= 1 else {
            throw TorchError("a ResNet needs widths, ≥ 1 block per stage and ≥ 1 class, got \(configuration)")
        }
        self.configuration = configuration
        self.generator = generator
        stem = Sequential([
            try Conv2d(configuration.inputChannels, first, kernel: 3, stride: 2, padding: 1, bias: false, generator: generator),
            try BatchNorm2d(first), Lambda.relu,
        ])
        var stages: [Sequential] = []
        var inputs = first
        for (i, width) in configuration.widths.enumerated() {
            var blocks: [any Layer] = []
            for b in 0 ..< configuration.blocksPerStage {
                blocks.append(try ResidualBlock(inputs, width, stride: i > 0 && b == 0 ? 2 : 1, generator: generator))
                inputs = width
            }
            stages.append(Sequential(blocks))
        }
        self.stages = stages
        head = try Linear(inputs, configuration.classes, generator: generator)
        dropout = try Dropout(p: configuration.dropout, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        // Dropout has no parameters, but it must be a child so that `eval()` reaches it.
        [("stem", stem)] + stages.enumerated().map { ("stages.\($0.offset)", $0.element as any Module) } + [("head", head), ("dropout", dropout)]
    }

    /// The last stage's feature map (N, C, h, w).
    public func forwardFeatures(_ input: Tensor) throws -> Tensor {
        try stages.reduce(stem(input)) { try $1($0) }
    }

    /// Logits from a feature map: global average pool, dropout, linear.
    public func forwardHead(_ features: Tensor) throws -> Tensor {
        try head(dropout(features.adaptiveAvgPool2d(1).flattened(from: 1)))
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try forwardHead(forwardFeatures(input)) }

    /// A new, untrained head for `classes` classes (transfer to another task).
    public func resetClassifier(classes: Int) throws {
        head = try Linear(configuration.widths.last!, classes, generator: generator)
    }
}
