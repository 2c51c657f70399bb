import Torch
import TorchNN

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
