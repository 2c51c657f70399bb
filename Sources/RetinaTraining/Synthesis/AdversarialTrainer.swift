import Foundation
import RetinaMetrics
import Torch
import TorchNN

/// What an adversarial run produced.
public struct AdversarialTrainingResult: Sendable {
    public var lastStep: Int
    public var durationSeconds: Double
    /// Running means over the last `logEvery` steps at the end.
    public var finalValues: [String: Double]
}

/// Two networks, two optimisers: per step one discriminator update, then one
/// generator update and the EMA of the generator's weights. Shares the `Trainer`'s
/// progress bar, JSONL log, line plots and resumable checkpoints.
///
/// In `outputDirectory`: `checkpoint.safetensors` (both networks, the averaged
/// generator, both optimisers' state, and the step), `log.jsonl`, `loss.png`.
public final class AdversarialTrainer {
    public let generator: any Module
    public let discriminator: any Module
    public let generatorOptimizer: any Optimizer
    public let discriminatorOptimizer: any Optimizer
    public let average: ExponentialMovingAverage
    public let steps: Int
    public let logEvery: Int
    public let checkpointEvery: Int
    public let outputDirectory: URL
    public var showsProgress = true
    /// Called after each checkpoint with the step (e.g. to write a sample grid).
    public var afterCheckpoint: ((Int) throws -> Void)?

    public init(generator: any Module, discriminator: any Module, generatorOptimizer: any Optimizer, discriminatorOptimizer: any Optimizer,
                average: ExponentialMovingAverage, steps: Int, logEvery: Int, checkpointEvery: Int, outputDirectory: URL) throws {
        guard steps >= 1, logEvery >= 1, checkpointEvery >= 1 else {
            throw RecipeError(recipe: "adversarial trainer", "steps, logEvery and checkpointEvery must be ≥ 1, got \(steps), \(logEvery), \(checkpointEvery)")
        }
        self.generator = generator
        self.discriminator = discriminator
        self.generatorOptimizer = generatorOptimizer
        self.discriminatorOptimizer = discriminatorOptimizer
        self.average = average
        self.steps = steps
        self.logEvery = logEvery
        self.checkpointEvery = checkpointEvery
        self.outputDirectory = outputDirectory
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
    }

    public var checkpointURL: URL { outputDirectory.appendingPathComponent("checkpoint.safetensors") }
    public var logURL: URL { outputDirectory.appendingPathComponent("log.jsonl") }
    public var plotURL: URL { outputDirectory.appendingPathComponent("loss.png") }

    static let prefixes = (generator: "generator.", discriminator: "discriminator.", average: "average.",
                           generatorOptimizer: "generator_optimizer.", discriminatorOptimizer: "discriminator_optimizer.")

    /// The step to start from: the checkpoint's when `resume` and one exists (everything restored), else 0.
    public func restore(resume: Bool) throws -> Int {
        guard resume, FileManager.default.fileExists(atPath: checkpointURL.path) else {
            try? FileManager.default.removeItem(at: logURL)
            return 0
        }
        let file = try SafeTensors.read(checkpointURL.path)
        func part(_ prefix: String) -> [String: Tensor] {
            Dictionary(uniqueKeysWithValues: file.tensors.compactMap { name, tensor in
                name.hasPrefix(prefix) ? (String(name.dropFirst(prefix.count)), tensor) : nil
            })
        }
        try generator.load(part(Self.prefixes.generator))
        try discriminator.load(part(Self.prefixes.discriminator))
        try average.average.load(part(Self.prefixes.average))
        try generatorOptimizer.loadState(part(Self.prefixes.generatorOptimizer))
        try discriminatorOptimizer.loadState(part(Self.prefixes.discriminatorOptimizer))
        return Int(file.metadata["step"] ?? "0") ?? 0
    }

    /// Trains until `steps` or the loader runs dry. `discriminatorLoss` and
    /// `generatorLoss` get the batch and the step; each returns its loss and the
    /// values to show and log beside it (e.g. the mean scores of real and generated photographs).
    public func fit<Batch>(
        loader: BatchLoader<Batch>, startStep: Int = 0,
        discriminatorLoss: (Batch, Int) throws -> (loss: Tensor, values: [String: Double]),
        generatorLoss: (Batch, Int) throws -> Tensor
    ) throws -> AdversarialTrainingResult {
        let started = ContinuousClock.now
        let progress = ProgressBar(total: steps, startStep: startStep)
        var recent: [String: [Double]] = [:]
        var step = startStep
        generator.train()
        discriminator.train()
        func running(_ name: String) -> Double { recent[name].map { $0.reduce(0, +) / Double($0.count) } ?? .nan }
        while step < steps, let batch = try loader.next() {
            try discriminator.zeroGrad()
            let (dLoss, values) = try discriminatorLoss(batch, step)
            try dLoss.backward()
            try discriminatorOptimizer.step()

            try generator.zeroGrad()
            try discriminator.zeroGrad()
            let gLoss = try generatorLoss(batch, step)
            try gLoss.backward()
            try generatorOptimizer.step()
            try average.update()
            step += 1

            for (name, value) in [("discriminator_loss", try dLoss.item()), ("generator_loss", try gLoss.item())] + values.sorted(by: { $0.key < $1.key }) {
                recent[name, default: []].append(value)
                if recent[name]!.count > logEvery { recent[name]!.removeFirst() }
            }
            if showsProgress { progress.draw(step: step, values: [("d", running("discriminator_loss")), ("g", running("generator_loss"))]) }
            if step % logEvery == 0 {
                var entry: [String: Any] = recent.keys.reduce(into: [:]) { $0[$1] = running($1) }
                entry["step"] = step
                entry["elapsed"] = (ContinuousClock.now - started).seconds
                try log(entry)
            }
            if step % checkpointEvery == 0 || step == steps {
                try saveCheckpoint(step: step)
                try afterCheckpoint?(step)
                generator.train()
                if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }
        loader.cancel()
        try writePlot()
        return AdversarialTrainingResult(lastStep: step, durationSeconds: (ContinuousClock.now - started).seconds,
                                         finalValues: recent.keys.reduce(into: [:]) { $0[$1] = running($1) })
    }

    /// Both losses of the log as one line plot.
    public func writePlot() throws {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return }
        var series: [String: [(x: Double, y: Double)]] = [:]
        for line in text.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let step = (object["step"] as? NSNumber)?.doubleValue else { continue }
            for name in ["discriminator_loss", "generator_loss"] {
                if let value = (object[name] as? NSNumber)?.doubleValue { series[name, default: []].append((step, value)) }
            }
        }
        let lines = ["discriminator_loss", "generator_loss"].enumerated().compactMap { i, name in
            series[name].map { LinePlot.Series(name: name == "generator_loss" ? "G" : "D", points: $0, color: LinePlot.palette[i]) }
        }
        try LinePlot(title: "ADVERSARIAL LOSSES", series: lines).write(to: plotURL)
    }

    private func saveCheckpoint(step: Int) throws {
        let tensors = generator.stateDict().map { (Self.prefixes.generator + $0.name, $0.tensor) }
            + discriminator.stateDict().map { (Self.prefixes.discriminator + $0.name, $0.tensor) }
            + average.average.stateDict().map { (Self.prefixes.average + $0.name, $0.tensor) }
            + (try generatorOptimizer.stateTensors()).map { (Self.prefixes.generatorOptimizer + $0.name, $0.tensor) }
            + (try discriminatorOptimizer.stateTensors()).map { (Self.prefixes.discriminatorOptimizer + $0.name, $0.tensor) }
        try SafeTensors.write(tensors, metadata: ["step": String(step)], to: checkpointURL.path)
    }

    private func log(_ entry: [String: Any]) throws { try TrainingLog(url: logURL).append(entry) }
}
