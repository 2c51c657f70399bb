import Foundation
import RetinaModels

/// A reproducible GAN training run (`recipes/synthesis.json`): data, conditioning,
/// networks, augmentation, optimisers, EMA, length and seed.
public struct SynthesisRecipe: Codable, Sendable {
    /// Always "synthesis": how `ropscreen train` tells this recipe from a model recipe.
    public var task: String
    public var name: String
    public var version: String
    public var seed: UInt64
    /// Manifests relative to the data root; their `train` rows whose diagnosis is one of `classes` are used.
    public var manifests: [String]
    /// Manifest diagnoses in code order (the `diagnosis` factor).
    public var classes: [String]
    /// Camera families in code order (the `camera` factor), told from the file name (`*_Neo_*`); nil: not conditioned on the camera.
    public var cameras: [String]?
    public var resolution: Int
    public var latentDimension: Int
    public var width: Int
    public var maximumChannels: Int
    public var augmentation: DifferentiableAugmentation
    /// Probability of mirroring a real photograph left–right (the eye is not a condition).
    public var horizontalFlipProbability: Double
    public var batchSize: Int
    public var generatorLearningRate: Double
    public var discriminatorLearningRate: Double
    /// Adam's β₁ and β₂ for both networks (GANs: 0 and 0.99).
    public var betas: [Double]
    public var emaDecay: Double
    public var steps: Int
    public var logEvery: Int
    public var checkpointEvery: Int
    /// Torch threads for the run (nil: as the process is configured).
    public var threads: Int?

    public static func read(_ url: URL) throws -> SynthesisRecipe {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw RecipeError(recipe: url.path, "cannot be read") }
        let recipe: SynthesisRecipe
        do { recipe = try JSONDecoder().decode(SynthesisRecipe.self, from: data) } catch let error as DecodingError {
            throw RecipeError(recipe: url.path, Recipe.explain(error))
        }
        guard recipe.task == "synthesis" else { throw RecipeError(recipe: url.path, "task is '\(recipe.task)', not 'synthesis'") }
        guard recipe.betas.count == 2, !recipe.classes.isEmpty, recipe.batchSize >= 1 else {
            throw RecipeError(recipe: url.path, "needs two betas, at least one class and a batch size ≥ 1")
        }
        return recipe
    }

    /// Whether the file at `url` is a synthesis recipe (its `task` is "synthesis").
    public static func describes(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["task"] as? String == "synthesis"
    }

    public var factors: [SynthesisFactor] {
        [SynthesisFactor(name: "diagnosis", values: classes)] + (cameras.map { [SynthesisFactor(name: "camera", values: $0)] } ?? [])
    }

    public var network: SynthesisNetworkConfiguration {
        SynthesisNetworkConfiguration(resolution: resolution, latentDimension: latentDimension, width: width,
                                      maximumChannels: maximumChannels, conditions: factors.map(\.values.count))
    }

    /// Real photographs are cut to their field of view and letterboxed to the resolution, in [0, 1] RGB.
    public var preprocessing: Preprocessing {
        Preprocessing(clahe: false, normalization: .unit, cropToFieldOfView: true, inputSize: resolution)
    }
}
