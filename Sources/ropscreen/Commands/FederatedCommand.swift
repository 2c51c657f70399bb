import ArgumentParser
import Foundation
import RetinaModels
import RetinaTraining
import TorchNN

/// `ropscreen federated`: the Swift side of a Flower federation. The ClientApp calls
/// `fit` at each site with the global weights; the ServerApp calls `init` for the
/// first global weights and `bundle` for the final model. Photographs are read only
/// by `fit`, at their own site.
struct FederatedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "federated", abstract: "Federated training: one site's round, the first weights, the final bundle.",
        subcommands: [Fit.self, Initial.self, Bundle.self])

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fit", abstract: "Train local steps on a site's manifest from the global weights; write new weights and metrics JSON.")

        @Option(help: "Recipe file (JSON) of an image-level classifier, e.g. recipes/federated/rop-small.json.")
        var recipe: String

        @Option(help: "The site's manifest (CSV); its train rows with the recipe's labels are used.")
        var manifest: String

        @Option(help: "Global weights (safetensors); omitted: the recipe's seeded network.")
        var global: String?

        @Option(help: "Where to write the new weights (safetensors).")
        var output: String

        @Option(help: "Where to write the round's metrics (JSON).")
        var metrics: String

        @Option(help: "Local optimiser steps.")
        var steps: Int

        @Option(help: "FedProx's mu (0: FedAvg).")
        var mu: Double = 0

        @Option(help: "Round number (seeds the round's batches).")
        var round: Int = 1

        @Option(help: "Working directory for the round's checkpoint and log (default: beside --output).")
        var work: String?

        func validate() throws {
            if steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
            if mu < 0 || !mu.isFinite { throw ValidationError("--mu must be a finite number ≥ 0, got \(mu)") }
        }

        func run() throws {
            let output = URL(fileURLWithPath: output)
            let fit = FederatedFit(
                recipe: try Recipe.read(URL(fileURLWithPath: recipe)), recipePath: recipe, manifest: URL(fileURLWithPath: manifest),
                globalWeights: global.map { URL(fileURLWithPath: $0) }, steps: steps, mu: mu, round: round,
                work: URL(fileURLWithPath: work ?? output.deletingLastPathComponent().appendingPathComponent("work").path))
            let report = try fit.run(writingTo: output)
            try report.write(to: URL(fileURLWithPath: metrics))
        }
    }

    struct Initial: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init", abstract: "Write a recipe's seeded starting weights (the exchanged tensors) for a federation's first round.")

        @Option(help: "Recipe file (JSON).")
        var recipe: String

        @Option(help: "Where to write the weights (safetensors).")
        var output: String

        func run() throws {
            let network = try FederatedFit.initialNetwork(recipe: Recipe.read(URL(fileURLWithPath: recipe)))
            try SafeTensors.write(FederatedFit.exchanged(network), to: output)
        }
    }

    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle", abstract: "Write exchanged weights as a model bundle (weights.safetensors + card.json), the federation in its card.")

        @Option(help: "Recipe file (JSON).")
        var recipe: String

        @Option(help: "Weights (safetensors) as the federation exchanged them.")
        var weights: String

        @Option(help: "The federation's record (JSON, as the ServerApp writes it); omitted: a bundle for evaluation only.")
        var federation: String?

        @Option(help: "Model directory to write.")
        var output: String

        func run() throws {
            let record = try federation.map { path -> FederationRecord in
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                    throw ValidationError("cannot read the federation record \(path)")
                }
                return try JSONDecoder().decode(FederationRecord.self, from: data)
            }
            try FederatedBundle.write(recipe: Recipe.read(URL(fileURLWithPath: recipe)), recipePath: recipe,
                                      weights: URL(fileURLWithPath: weights), federation: record, to: URL(fileURLWithPath: output))
        }
    }
}
