import Foundation
import RetinaData
import RetinaModels
@testable import RetinaTraining
import Testing
import Torch
import TorchNN

@Suite("A site's federated round")
struct FederatedFitTests {
    @Test("Global weights in; local steps with the proximal term; exchanged weights, figures and a bundle out")
    func roundTrip() throws {
        let data = try ClassifierTrainingTests.syntheticDataSet()
        defer { try? FileManager.default.removeItem(at: data) }
        let recipe = ClassifierTrainingTests.recipe(steps: 4)
        let global = data.appendingPathComponent("global.safetensors")
        let network = try FederatedFit.initialNetwork(recipe: recipe)
        try SafeTensors.write(FederatedFit.exchanged(network), to: global.path)
        let written = try SafeTensors.read(global.path)
        #expect(!written.tensors.keys.contains { $0.hasSuffix("num_batches_tracked") }, "integer buffers stay at the site")

        var reports: [FederatedFitReport] = []
        for mu in [0.0, 0.5] {
            let fit = FederatedFit(recipe: recipe, recipePath: "test", manifest: data.appendingPathComponent("manifest.csv"),
                                   globalWeights: global, steps: 4, mu: mu, round: 1, work: data.appendingPathComponent("work"))
            let output = data.appendingPathComponent("local-\(mu).safetensors")
            reports.append(try fit.run(writingTo: output))
            let local = try SafeTensors.read(output.path)
            #expect(Set(local.tensors.keys) == Set(written.tensors.keys))
            let moved = try local.tensors.keys.contains { key in
                try (local.tensors[key]! - written.tensors[key]!).abs().max().item() > 0
            }
            #expect(moved, "the round changed the weights")
        }
        // 24 train rows of the synthetic set, 4 held out for validation.
        #expect(reports.allSatisfy { $0.samples == 20 && $0.validationSamples == 4 && $0.steps == 4 && $0.loss.isFinite })
        #expect(reports[0].proximal == 0 && reports[1].proximal > 0, "\(reports.map(\.proximal))")
        #expect(reports[0].parameterCount == written.tensors.values.reduce(0) { $0 + $1.count })
        #expect(reports[1].validation["auc"] != nil)

        let record = FederationRecord(engine: "flwr test", strategy: "FedProx", mu: 0.5, rounds: 1, localSteps: 4, fractionTrain: 1, minSites: 1,
                                      sites: [.init(name: "a", trainSamples: 20, test: ["auc": 0.5])])
        let bundle = data.appendingPathComponent("model")
        try FederatedBundle.write(recipe: recipe, recipePath: "test", weights: data.appendingPathComponent("local-0.5.safetensors"),
                                  federation: record, to: bundle)
        let card = try ModelCard.read(from: bundle)
        #expect(card.federation == record && card.metrics["a/test"] == ["auc": 0.5])
        _ = try FundusClassifier(bundle: ModelBundle(directory: bundle))  // loads strictly, like a bundled model
    }

    @Test("With the start's batch-norm statistics kept, a round exchanges no statistics, and the bundle has the start's")
    func keptStatistics() throws {
        let data = try ClassifierTrainingTests.syntheticDataSet()
        defer { try? FileManager.default.removeItem(at: data) }
        var recipe = ClassifierTrainingTests.recipe(steps: 3)
        let start = data.appendingPathComponent("start.safetensors")
        let seeded = try FederatedFit.initialNetwork(recipe: recipe)
        try seeded.save(to: start.path)
        var transfer = TransferLearning(initialWeights: start.path)
        transfer.frozenBatchNormStatistics = true
        recipe.transfer = transfer
        let network = try FederatedFit.initialNetwork(recipe: recipe)
        let names = FederatedFit.exchanged(network).map(\.name)
        #expect(!names.isEmpty && !names.contains { $0.hasSuffix(".running_mean") || $0.hasSuffix(".running_var") })
        #expect(Set(names) == Set(network.namedParameters().map(\.name)), "only what training moves is exchanged")

        let global = data.appendingPathComponent("global.safetensors")
        try SafeTensors.write(FederatedFit.exchanged(network), to: global.path)
        let fit = FederatedFit(recipe: recipe, recipePath: "test", manifest: data.appendingPathComponent("manifest.csv"),
                               globalWeights: global, steps: 3, mu: 0, round: 1, work: data.appendingPathComponent("work"))
        let local = data.appendingPathComponent("local.safetensors")
        _ = try fit.run(writingTo: local)
        #expect(Set(try SafeTensors.read(local.path).tensors.keys) == Set(names))
        let bundle = data.appendingPathComponent("model")
        try FederatedBundle.write(recipe: recipe, recipePath: "test", weights: local, federation: nil, to: bundle)
        let written = try SafeTensors.read(bundle.appendingPathComponent(ModelCard.weightsFileName).path).tensors
        for (name, tensor) in seeded.namedBuffers() where name.hasSuffix(".running_var") || name.hasSuffix(".running_mean") {
            #expect(try (written[name]! - tensor).abs().max().item() == 0, "\(name) is the start's")
        }
        _ = try FundusClassifier(bundle: ModelBundle(directory: bundle))
    }

    @Test("Bad input is a named error: missing global tensors, a recipe that is not a classifier, no steps")
    func namedErrors() throws {
        let data = try ClassifierTrainingTests.syntheticDataSet(count: 8)
        defer { try? FileManager.default.removeItem(at: data) }
        let recipe = ClassifierTrainingTests.recipe(steps: 2)
        let partial = data.appendingPathComponent("partial.safetensors")
        let network = try FederatedFit.initialNetwork(recipe: recipe)
        try SafeTensors.write(Array(FederatedFit.exchanged(network).dropFirst()), to: partial.path)
        var fit = FederatedFit(recipe: recipe, recipePath: "test", manifest: data.appendingPathComponent("manifest.csv"),
                               globalWeights: partial, steps: 2, mu: 0, round: 1, work: data.appendingPathComponent("work"))
        #expect(throws: FederatedError.self) { try fit.run(writingTo: data.appendingPathComponent("out.safetensors")) }
        fit.globalWeights = nil
        fit.steps = 0
        #expect(throws: FederatedError.self) { try fit.run(writingTo: data.appendingPathComponent("out.safetensors")) }
        var segmentation = recipe
        segmentation.task = .vessels
        #expect(throws: FederatedError.self) { try FederatedFit.initialNetwork(recipe: segmentation) }
    }
}
