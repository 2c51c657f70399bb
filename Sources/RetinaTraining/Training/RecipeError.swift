/// A recipe that cannot be trained as written: it names the recipe file, so the
/// person who wrote it knows what to change.
public struct RecipeError: Error, Equatable, CustomStringConvertible {
    public let recipe: String
    public let message: String

    public init(recipe: String, _ message: String) {
        (self.recipe, self.message) = (recipe, message)
    }

    public var description: String { "\(recipe): \(message)" }
}
