/// A model bundle that cannot serve the role it is loaded for (Models/ holds the
/// wrong files, or a card disagrees with its weights): names the model.
public struct ModelBundleError: Error, Equatable, CustomStringConvertible {
    public let model: String
    public let message: String

    public init(model: String, _ message: String) {
        (self.model, self.message) = (model, message)
    }

    public var description: String { "\(model): \(message)" }
}
