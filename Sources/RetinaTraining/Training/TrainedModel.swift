import Foundation
import RetinaModels
import TorchNN

/// A network fresh from a recipe run, with the card it gets. Nothing is written
/// until `write(to:)`: a recipe run writes its bundle once, after every figure is in the card.
public struct TrainedModel {
    public let network: any Layer
    public var card: ModelCard

    public init(network: any Layer, card: ModelCard) {
        self.network = network
        self.card = card
    }

    public func write(to directory: URL) throws {
        try ModelBundle.write(network: network, card: card, to: directory)
    }
}
