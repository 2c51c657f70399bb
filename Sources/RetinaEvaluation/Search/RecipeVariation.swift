import RetinaModels
import RetinaTraining

/// One change to a recipe that the budgeted search tries: the recipe's own settings
/// first, then one factor at a time — learning rate, input size, augmentation
/// strength, and where the backbone starts.
public enum RecipeVariation: Sendable, Equatable, Codable, CustomStringConvertible {
    case recipe
    case learningRate(factor: Double)
    /// The letterbox size scaled, rounded to a multiple of 32 (the networks' largest stride).
    case inputSize(factor: Double)
    /// Every augmentation range's distance from "no change" scaled.
    case augmentation(factor: Double)
    /// The backbone from random weights instead of the recipe's transfer-learning start.
    case fromScratch

    public var description: String {
        switch self {
        case .recipe: "the recipe as written"
        case .learningRate(let factor): "learning rate ×\(factor)"
        case .inputSize(let factor): "input size ×\(factor)"
        case .augmentation(let factor): "augmentation ×\(factor)"
        case .fromScratch: "backbone from scratch"
        }
    }

    /// The variations worth trying on `recipe`, in the order they are tried.
    public static func standard(for recipe: Recipe) -> [RecipeVariation] {
        var variations: [RecipeVariation] = [.recipe, .learningRate(factor: 0.5), .learningRate(factor: 2), .augmentation(factor: 0.5),
                                             .augmentation(factor: 1.5)]
        if recipe.preprocessing.inputSize != nil, recipe.geometry.outputSize == nil { variations.append(.inputSize(factor: 0.75)) }
        if recipe.transfer != nil { variations.append(.fromScratch) }
        return variations
    }

    /// `recipe` with this change, or nil where it does not apply.
    public func applied(to recipe: Recipe) -> Recipe? {
        var changed = recipe
        switch self {
        case .recipe:
            return recipe
        case .learningRate(let factor):
            changed.learningRate *= factor  // transfer-learning groups are factors of it
        case .inputSize(let factor):
            guard let size = recipe.preprocessing.inputSize, recipe.geometry.outputSize == nil else { return nil }
            changed.preprocessing.inputSize = max(32, Int((Double(size) * factor / 32).rounded()) * 32)
        case .augmentation(let factor):
            changed.geometry.rotationDegrees = Self.scaled(recipe.geometry.rotationDegrees, around: 0, by: factor)
            changed.geometry.scale = Self.scaled(recipe.geometry.scale, around: 1, by: factor)
            changed.photometry.brightness = Self.scaled(recipe.photometry.brightness, around: 0, by: factor)
            changed.photometry.contrast = Self.scaled(recipe.photometry.contrast, around: 1, by: factor)
            changed.photometry.gamma = Self.scaled(recipe.photometry.gamma, around: 1, by: factor)
            changed.photometry.noise = Self.scaled(recipe.photometry.noise, around: 0, by: factor)
            changed.photometry.blurProbability = min(1, recipe.photometry.blurProbability * factor)
            changed.photometry.channelGain = recipe.photometry.channelGain.map { Self.scaled($0, around: 1, by: factor) }
        case .fromScratch:
            guard recipe.transfer != nil else { return nil }
            changed.transfer = nil
        }
        return changed
    }

    /// A range's distance from `neutral` scaled by `factor` (kept at or above zero where it started there).
    static func scaled(_ range: ClosedRange<Double>, around neutral: Double, by factor: Double) -> ClosedRange<Double> {
        var lower = neutral + (range.lowerBound - neutral) * factor, upper = neutral + (range.upperBound - neutral) * factor
        if range.lowerBound >= 0 { lower = max(0, lower) }
        if range.upperBound >= 0 { upper = max(0, upper) }
        return min(lower, upper) ... max(lower, upper)
    }
}
