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

/// A ResNet (He et al. 2016) of basic blocks with the seams that transfer learning
/// and Grad-CAM need: `forwardFeatures` (the last feature map), `forwardHead`
/// (pool, dropout, linear) and `resetClassifier(classes:)`.
///
/// With `evidenceMap`, the head also sees the highest cell of a per-cell
/// evidence map (`forwardEvidence`), which training can supervise with regional
/// labels: the image-level decision then rests on where the evidence is.
public final class ResNet: ModuleBase, Layer {
    public let configuration: ResNetConfiguration
    let stem: Sequential
    let stages: [Sequential]
    public private(set) var head: Linear
    /// Scores each feature-map cell (N, 1, h, w) when the configuration asks for an evidence map.
    let evidence: Conv2d?
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
        evidence = configuration.evidenceMap == true ? try Conv2d(inputs, 1, kernel: 1, generator: generator) : nil
        head = try Linear(inputs + (evidence == nil ? 0 : 1), configuration.classes, generator: generator)
        dropout = try Dropout(p: configuration.dropout, generator: generator)
    }

    public var children: [(name: String, module: any Module)] {
        // Dropout has no parameters, but it must be a child so that `eval()` reaches it.
        [("stem", stem)] + stages.enumerated().map { ("stages.\($0.offset)", $0.element as any Module) }
            + (evidence.map { [("evidence", $0 as any Module)] } ?? []) + [("head", head), ("dropout", dropout)]
    }

    /// The last stage's feature map (N, C, h, w).
    public func forwardFeatures(_ input: Tensor) throws -> Tensor {
        try stages.reduce(stem(input)) { try $1($0) }
    }

    /// The evidence logits of every feature-map cell (N, 1, h, w), or nil without an evidence map.
    public func forwardEvidence(_ features: Tensor) throws -> Tensor? {
        try evidence?(features)
    }

    /// Logits from a feature map: global average pool, dropout, (with the evidence
    /// map's highest cell beside them) linear.
    public func forwardHead(_ features: Tensor) throws -> Tensor {
        let pooled = try dropout(features.adaptiveAvgPool2d(1).flattened(from: 1))
        guard let map = try forwardEvidence(features) else { return try head(pooled) }
        return try head(Tensor.cat([pooled, map.flattened(from: 1).max(dims: [1], keepDims: true)], dim: 1))
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try forwardHead(forwardFeatures(input)) }

    /// A new, untrained head for `classes` classes (transfer to another task).
    public func resetClassifier(classes: Int) throws {
        head = try Linear(configuration.widths.last! + (evidence == nil ? 0 : 1), classes, generator: generator)
    }
}
