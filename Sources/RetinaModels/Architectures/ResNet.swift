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
    /// A 1×1 convolution that scores every cell of the last feature map for
    /// regional evidence (e.g. lesions, learnt from boxes); its maximum joins the
    /// pooled features in the head. Nil or false: no such map.
    public var evidenceMap: Bool?

    public init(inputChannels: Int = 3, classes: Int, widths: [Int] = [16, 32, 64, 128], blocksPerStage: Int = 1, dropout: Double = 0,
                evidenceMap: Bool? = nil) {
        self.inputChannels = inputChannels
        self.classes = classes
        self.widths = widths
        self.blocksPerStage = blocksPerStage
        self.dropout = dropout
        self.evidenceMap = evidenceMap
    }
}

/// A small ResNet (He et al. 2016) of basic blocks, with the seams of a
/// `ClassifierNetwork`.
public final class ResNet: ModuleBase, ClassifierNetwork {
    public let configuration: ResNetConfiguration
    let stem: Sequential
    let stages: [Sequential]
    public let head: ClassifierHead

    public init(_ configuration: ResNetConfiguration, generator: RandomGenerator) throws {
        guard let first = configuration.widths.first, configuration.blocksPerStage >= 1, configuration.classes >= 1 else {
            throw TorchError("a ResNet needs widths, ≥ 1 block per stage and ≥ 1 class, got \(configuration)")
        }
        self.configuration = configuration
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
        head = try ClassifierHead(features: inputs, classes: configuration.classes, dropout: configuration.dropout,
                                  evidenceMap: configuration.evidenceMap == true, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        [("stem", stem)] + stages.enumerated().map { ("stages.\($0.offset)", $0.element as any Module) } + head.children
    }

    public func forwardFeatures(_ input: Tensor) throws -> Tensor {
        try stages.reduce(stem(input)) { try $1($0) }
    }
}
