import Foundation
import Testing
import Torch
import TorchNN
@testable import RetinaTraining

@Suite("Batch loader and trainer")
struct TrainerTests {
    @Test("Batches arrive in order, however the producer runs, and errors surface")
    func loaderOrderAndErrors() throws {
        let loader = BatchLoader(range: 0 ..< 50, prefetch: 3) { i in i * i }
        var got: [Int] = []
        while let b = try loader.next() { got.append(b) }
        #expect(got == (0 ..< 50).map { $0 * $0 })
        struct Boom: Error {}
        let failing = BatchLoader(range: 0 ..< 10) { i -> Int in
            if i == 3 { throw Boom() }
            return i
        }
        #expect(try failing.next() == 0)
        _ = try failing.next(); _ = try failing.next()
        #expect(throws: Boom.self) { try failing.next() }
    }

    /// y = 2x − 1 with noise: a linear model the trainer must fit.
    func regression(seed: UInt64) throws -> (Linear, BatchLoader<(Tensor, Tensor)>) {
        let model = try Linear(1, 1, generator: RandomGenerator(seed: seed))
        let loader = BatchLoader(range: 0 ..< 200) { step in
            let g = try RandomGenerator(seed: UInt64(step))
            let x = try Tensor.randn([16, 1], generator: g)
            return (x, try x * 2 - 1)
        }
        return (model, loader)
    }

    func directory() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("trainer-\(UUID())") }

    @Test("A short run lowers the loss, keeps the best weights and logs")
    func lowersLoss() throws {
        let (model, loader) = try regression(seed: 1)
        let out = directory()
        defer { try? FileManager.default.removeItem(at: out) }
        let trainer = try Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.05),
                                  schedule: .constant,
                                  configuration: TrainerConfiguration(steps: 100, validateEvery: 25, logEvery: 10, gradientClipNorm: 10, monitor: "error", higherIsBetter: false),
                                  outputDirectory: out)
        trainer.showsProgress = false
        let probe = try Tensor([0, 1] as [Float], shape: [2, 1])
        func error() throws -> Double { try (model(probe) - Tensor([-1, 1] as [Float], shape: [2, 1])).abs().mean().item() }
        let before = try error()
        let result = try trainer.fit(loader: loader, loss: { try Loss.meanSquaredError(model($0.0), $0.1) }, validate: { ["error": try error()] })
        #expect(try error() < before * 0.05)
        #expect(result.lastStep == 100 && !result.stoppedEarly)
        #expect(FileManager.default.fileExists(atPath: trainer.bestWeightsURL.path))
        let log = try String(contentsOf: trainer.logURL, encoding: .utf8).split(separator: "\n")
        #expect(log.count == 10 + 4)
        #expect(try TrainingPlots.write(log: trainer.logURL).allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
    }

    @Test("Resuming from the checkpoint continues where the run stopped")
    func resumes() throws {
        let out = directory()
        defer { try? FileManager.default.removeItem(at: out) }
        let configuration = TrainerConfiguration(steps: 40, validateEvery: 20, logEvery: 10, monitor: "w", higherIsBetter: true)
        let (first, firstLoader) = try regression(seed: 3)
        let a = try Trainer(model: first, optimizer: AdamW(parameters: first.parameters(), learningRate: 0.01), schedule: .constant,
                            configuration: TrainerConfiguration(steps: 20, validateEvery: 20, logEvery: 10, monitor: "w"), outputDirectory: out)
        a.showsProgress = false
        _ = try a.fit(loader: firstLoader, loss: { try Loss.meanSquaredError(first($0.0), $0.1) }, validate: { ["w": try first.weight.item()] })
        let saved = try first.weight.item()

        let (second, _) = try regression(seed: 99)
        let b = try Trainer(model: second, optimizer: AdamW(parameters: second.parameters(), learningRate: 0.01), schedule: .constant,
                            configuration: configuration, outputDirectory: out)
        b.showsProgress = false
        let (start, _) = try b.restore(resume: true)
        #expect(start == 20)
        #expect(try second.weight.item() == saved)
        let loader = BatchLoader(range: start ..< 40) { step in
            let x = try Tensor.randn([16, 1], generator: RandomGenerator(seed: UInt64(step)))
            return (x, try x * 2 - 1)
        }
        let result = try b.fit(loader: loader, startStep: start, loss: { try Loss.meanSquaredError(second($0.0), $0.1) }, validate: { ["w": try second.weight.item()] })
        #expect(result.lastStep == 40)
    }

    @Test func earlyStoppingAndClipping() throws {
        let (model, loader) = try regression(seed: 5)
        let out = directory()
        defer { try? FileManager.default.removeItem(at: out) }
        let trainer = try Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.0), schedule: .constant,
                                  configuration: TrainerConfiguration(steps: 200, validateEvery: 5, earlyStoppingPatience: 2, monitor: "m"),
                                  outputDirectory: out)
        trainer.showsProgress = false
        let result = try trainer.fit(loader: loader, loss: { try Loss.meanSquaredError(model($0.0), $0.1) }, validate: { ["m": 1] })
        #expect(result.stoppedEarly && result.lastStep == 15)
        // Clipping scales the global norm down to the limit.
        try model.zeroGrad()
        try (model.weight * 300 + model.bias! * 400).sum().backward()
        #expect(abs(try trainer.clipGradients(to: 1) - 500) < 1e-3)
        #expect(abs(try trainer.clipGradients(to: 1) - 1) < 1e-3)
    }

    @Test("keepLast keeps the last validation's weights and metrics, and does not stop early")
    func keepsLast() throws {
        let (model, loader) = try regression(seed: 6)
        let out = directory()
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = TrainerConfiguration(steps: 30, validateEvery: 10, earlyStoppingPatience: 1, monitor: "m")
        configuration.keepLast = true
        let trainer = try Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.0), schedule: .constant,
                                  configuration: configuration, outputDirectory: out)
        trainer.showsProgress = false
        // The monitored metric only gets worse: "best" would be step 10, "last" is step 30.
        var validations = 0
        let result = try trainer.fit(loader: loader, loss: { try Loss.meanSquaredError(model($0.0), $0.1) }, validate: {
            validations += 1
            return ["m": 1 / Double(validations)]
        })
        #expect(!result.stoppedEarly && result.lastStep == 30)
        #expect(result.bestStep == 30 && result.bestMetrics["m"] == 1.0 / 3)
    }

    @Test("A run of no steps, or validating or logging every 0 steps, is refused by name")
    func refusesEmptyRuns() throws {
        let (model, _) = try regression(seed: 7)
        for configuration in [TrainerConfiguration(steps: 0, validateEvery: 10, monitor: "m"),
                              TrainerConfiguration(steps: 10, validateEvery: 0, monitor: "m"),
                              TrainerConfiguration(steps: 10, validateEvery: 5, logEvery: 0, monitor: "m")] {
            #expect(throws: RecipeError.self) {
                try Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.0), schedule: .constant,
                            configuration: configuration, outputDirectory: directory())
            }
        }
    }

    @Test("Transfer learning maps keys, freezes and groups learning rates")
    func transfer() throws {
        let out = directory()
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let source = try Linear(3, 2, generator: RandomGenerator(seed: 1))
        let path = out.appendingPathComponent("source.safetensors").path
        try SafeTensors.write(source.stateDict().map { ("backbone." + $0.name, $0.tensor) }, to: path)
        let target = Sequential([try Linear(3, 2, generator: RandomGenerator(seed: 2)), try Linear(2, 1, generator: RandomGenerator(seed: 3))])
        let transfer = TransferLearning(initialWeights: path, keyMapping: ["backbone.": "0."], frozenPrefixes: ["0."], unfreezeAtStep: 10,
                                        parameterGroups: [.init(prefixes: ["0."], learningRateFactor: 0.1)])
        let missing = try transfer.prepare(target)
        #expect(missing == ["1.weight", "1.bias"])
        #expect(try (target.layers[0] as! Linear).weight.toArray(of: Float.self) == source.weight.toArray(of: Float.self))
        #expect(!(target.layers[0] as! Linear).weight.requiresGrad && (target.layers[1] as! Linear).weight.requiresGrad)
        let groups = transfer.optimizerGroups(target, learningRate: 1, weightDecay: 0)
        #expect(groups.map(\.learningRate) == [0.1, 1] && groups.map(\.parameters.count) == [2, 2])
        try transfer.update(target, step: 10)
        #expect((target.layers[0] as! Linear).weight.requiresGrad)
    }

    @Test("Missing initial weights are named with the recipe's account of where they come from")
    func missingInitialWeights() throws {
        let transfer = TransferLearning(initialWeights: "/nonexistent/imagenet.safetensors", source: "made by scripts/fetch.py")
        let target = try Linear(3, 2, generator: RandomGenerator(seed: 1))
        #expect(throws: RecipeError(recipe: "/nonexistent/imagenet.safetensors", "the initial weights /nonexistent/imagenet.safetensors are missing; they come from: made by scripts/fetch.py")) {
            try transfer.prepare(target)
        }
        #expect(transfer.provenance == "/nonexistent/imagenet.safetensors (made by scripts/fetch.py)")
        #expect(TransferLearning(initialWeights: "a.safetensors").provenance == "a.safetensors")
    }
}
