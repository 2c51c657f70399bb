import Foundation
import RetinaModels
import Torch
import TorchNN

/// Aggregated (or any exchanged) weights as a ropscreen model bundle: the recipe's
/// network with those weights, its full state written (so the bundle loads strictly
/// like any other), and the recipe's card with the federation recorded.
public enum FederatedBundle {
    @discardableResult
    public static func write(recipe: Recipe, recipePath: String, weights: URL, federation: FederationRecord?,
                             to directory: URL) throws -> ModelCard {
        let network = try FederatedFit.initialNetwork(recipe: recipe)
        try FederatedFit.loadGlobal(weights, into: network)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try network.save(to: directory.appendingPathComponent(ModelCard.weightsFileName).path)
        var card = recipe.card(labels: recipe.classes ?? [])
        card.architecture = recipe.architecture.withClasses(recipe.classes?.count ?? 2) ?? recipe.architecture
        if let federation {
            card.federation = federation
            card.training = TrainingRecord(
                recipe: recipePath, seed: recipe.seed, data: federation.sites.map(\.name),
                split: "each site's train rows with the recipe's labels, minus \(recipe.validationImagesPerManifest) seeded validation image(s); the photographs stayed at their sites",
                steps: federation.rounds * federation.localSteps, durationSeconds: 0, parameterCount: network.parameterCount,
                libtorch: Runtime.version, initialWeights: recipe.transfer?.provenance)
            for site in federation.sites { if let test = site.test { card.metrics["\(site.name)/test"] = test } }
        }
        try card.write(to: directory)
        return card
    }
}
