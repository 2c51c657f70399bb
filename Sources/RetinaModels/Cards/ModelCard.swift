import Foundation
import FundusImaging
import Torch
import TorchNN

/// Everything needed to use a set of weights correctly, saved beside them as
/// `card.json`: the architecture, the preprocessing, the labels and operating
/// threshold, how the weights were trained and how well they do.
public struct ModelCard: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var task: AnalysisTask
    public var architecture: Architecture
    public var preprocessing: Preprocessing
    public var labels: [String]
    /// Operating threshold on the model's probability.
    public var threshold: Double
    public var training: TrainingRecord?
    /// Data set (or split) → metric → value, measured by `ropscreen evaluate`.
    public var metrics: [String: [String: Double]]
    public var notes: [String]
    /// Diagnosis classifiers: manifest `diagnosis` → label, how the labels were made.
    public var diagnosisClasses: [String: String]?
    /// Quality: the range of each image measure on the gradable training
    /// photographs (5th to 95th percentile), against which a photograph's
    /// reasons are given.
    public var references: [String: ClosedRange<Double>]?

    public init(name: String, version: String, task: AnalysisTask, architecture: Architecture, preprocessing: Preprocessing,
                labels: [String], threshold: Double, training: TrainingRecord? = nil,
                metrics: [String: [String: Double]] = [:], notes: [String] = []) {
        self.name = name
        self.version = version
        self.task = task
        self.architecture = architecture
        self.preprocessing = preprocessing
        self.labels = labels
        self.threshold = threshold
        self.training = training
        self.metrics = metrics
        self.notes = notes
    }

    /// The class a classifier's probabilities decide, by the card's operating rule:
    /// a binary model says its second label when that probability reaches
    /// `threshold`; a model with an `outlier` label says `outlier` when that
    /// probability reaches `threshold` (chosen on validation so that no outlier
    /// is missed), else the most probable other label; otherwise the most probable label.
    public func decide(_ probabilities: [Double]) -> Int {
        guard probabilities.count == labels.count, !probabilities.isEmpty else { return 0 }
        if labels.count == 2 { return probabilities[1] >= threshold ? 1 : 0 }
        let argmax = { (candidates: [Int]) in candidates.max { probabilities[$0] < probabilities[$1] } ?? 0 }
        if let outlier = labels.firstIndex(of: "outlier") {
            return probabilities[outlier] >= threshold ? outlier : argmax(labels.indices.filter { $0 != outlier })
        }
        return argmax(Array(labels.indices))
    }

    public static let fileName = "card.json"
    public static let weightsFileName = "weights.safetensors"

    /// Adds `notes`, each replacing an earlier note that starts with the same words before its first colon.
    public mutating func record(notes new: [String]) {
        for note in new {
            let key = note.split(separator: ":", maxSplits: 1).first.map(String.init) ?? note
            notes.removeAll { $0.hasPrefix(key + ":") }
            notes.append(note)
        }
    }

    public static func read(from directory: URL) throws -> ModelCard {
        let data = try Data(contentsOf: directory.appendingPathComponent(fileName))
        return try JSONDecoder().decode(ModelCard.self, from: data)
    }

    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}

/// The network a card's weights belong to; one case per architecture.
/// In JSON: `{"unet": {"baseWidth": 16, …}}`.
public enum Architecture: Codable, Sendable, Equatable {
    case unet(UNetConfiguration)
    case resnet(ResNetConfiguration)
    case efficientNetLite(EfficientNetLiteConfiguration)

    private enum CodingKeys: String, CodingKey { case unet, resnet, efficientNetLite }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let configuration = try container.decodeIfPresent(UNetConfiguration.self, forKey: .unet) {
            self = .unet(configuration)
        } else if let configuration = try container.decodeIfPresent(ResNetConfiguration.self, forKey: .resnet) {
            self = .resnet(configuration)
        } else if let configuration = try container.decodeIfPresent(EfficientNetLiteConfiguration.self, forKey: .efficientNetLite) {
            self = .efficientNetLite(configuration)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown architecture (known: unet, resnet, efficientNetLite)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .unet(let configuration): try container.encode(configuration, forKey: .unet)
        case .resnet(let configuration): try container.encode(configuration, forKey: .resnet)
        case .efficientNetLite(let configuration): try container.encode(configuration, forKey: .efficientNetLite)
        }
    }

    /// A freshly initialised network of this architecture.
    public func build(generator: RandomGenerator) throws -> any Layer {
        switch self {
        case .unet(let configuration): try UNet(configuration, generator: generator)
        case .resnet(let configuration): try ResNet(configuration, generator: generator)
        case .efficientNetLite(let configuration): try EfficientNetLite(configuration, generator: generator)
        }
    }

    /// This architecture as an image classifier with `classes` outputs, or nil when it is not one.
    public func withClasses(_ classes: Int) -> Architecture? {
        switch self {
        case .unet: return nil
        case .resnet(var configuration):
            configuration.classes = classes
            return .resnet(configuration)
        case .efficientNetLite(var configuration):
            configuration.classes = classes
            return .efficientNetLite(configuration)
        }
    }
}

/// How a photograph becomes the model's input.
public struct Preprocessing: Codable, Sendable, Equatable {
    /// CLAHE on lightness before normalising (clip limit 2, 8×8 tiles).
    public var clahe: Bool
    public var normalization: Normalization
    /// Cut the square around the detected field of view first.
    public var cropToFieldOfView: Bool?
    /// Letterbox to this square size (nil: keep the photograph's resolution).
    public var inputSize: Int?
    /// Average the prediction with that of the left–right mirrored input (test-time augmentation).
    public var mirrorAveraging: Bool?

    public init(clahe: Bool, normalization: Normalization, cropToFieldOfView: Bool? = nil, inputSize: Int? = nil,
                mirrorAveraging: Bool? = nil) {
        self.clahe = clahe
        self.normalization = normalization
        self.cropToFieldOfView = cropToFieldOfView
        self.inputSize = inputSize
        self.mirrorAveraging = mirrorAveraging
    }

    /// The photograph cropped and resized as the model sees it, with the map back
    /// to the photograph's pixels (and its keypoints and masks carried along).
    /// `fieldOfView` is the photograph's, when the caller has detected it already.
    public func prepare(_ photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> FundusImage {
        var transforms: [SpatialTransform] = []
        if cropToFieldOfView == true {
            let fov = try fieldOfView ?? FieldOfView.detect(in: photo.image)
            if fov.coverage > 0.05 { transforms.append(fov.squareCrop()) }
        }
        if let inputSize { transforms.append(.letterbox(Size(width: inputSize, height: inputSize))) }
        return transforms.isEmpty ? photo : try photo.applying(transforms)
    }

    /// The model input (1, 3, H, W) for an already prepared image.
    public func tensor(for image: Bitmap) throws -> Tensor {
        try (clahe ? image.clahe() : image).tensor(normalization: normalization)
    }
}

/// How the weights were made: enough to make them again.
public struct TrainingRecord: Codable, Sendable, Equatable {
    public var recipe: String
    public var seed: UInt64
    public var data: [String]
    public var split: String
    public var steps: Int
    public var durationSeconds: Double
    public var parameterCount: Int
    public var libtorch: String
    /// The weights training started from (nil: from scratch), with their source.
    public var initialWeights: String?

    public init(recipe: String, seed: UInt64, data: [String], split: String, steps: Int,
                durationSeconds: Double, parameterCount: Int, libtorch: String, initialWeights: String? = nil) {
        self.recipe = recipe
        self.seed = seed
        self.data = data
        self.split = split
        self.steps = steps
        self.durationSeconds = durationSeconds
        self.parameterCount = parameterCount
        self.libtorch = libtorch
        self.initialWeights = initialWeights
    }
}
