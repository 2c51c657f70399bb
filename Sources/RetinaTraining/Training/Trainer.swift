import Foundation
import Torch
import TorchNN

/// What a run produced.
public struct TrainingResult: Sendable {
    public var bestStep: Int
    public var bestMetrics: [String: Double]
    public var lastStep: Int
    public var stoppedEarly: Bool
    public var durationSeconds: Double
}

/// Runs optimisation steps over batches with validation, best- (or last-)
/// checkpoint keeping, early stopping, gradient clipping, resumable checkpoints, a JSONL
/// log and a progress bar.
///
/// In `outputDirectory`: `best.safetensors` (the weights with the best
/// validation metric, or the last ones with `keepLast`), `checkpoint.safetensors` (weights, optimiser state and
/// step, to resume), `log.jsonl` (one JSON object per log line or validation).
public final class Trainer {
    public let model: any Layer
    public let optimizer: any Optimizer
    public let schedule: LearningRateSchedule
    public let configuration: TrainerConfiguration
    public let outputDirectory: URL
    public var showsProgress = true
    /// Called with the step number before each step (e.g. to unfreeze a backbone).
    public var beforeStep: ((Int) throws -> Void)?
    /// Called after each step with the step number and the running mean loss; a throw stops training (a cancelled job).
    public var afterStep: ((_ step: Int, _ meanLoss: Double) throws -> Void)?
    private let baseRates: [Double]

    public init(model: any Layer, optimizer: any Optimizer, schedule: LearningRateSchedule,
                configuration: TrainerConfiguration, outputDirectory: URL) throws {
        guard configuration.steps >= 1, configuration.validateEvery >= 1, configuration.logEvery >= 1 else {
            throw RecipeError(recipe: "trainer configuration", "a training run needs steps, validateEvery and logEvery ≥ 1, got \(configuration.steps), \(configuration.validateEvery), \(configuration.logEvery)")
        }
        self.model = model
        self.optimizer = optimizer
        self.schedule = schedule
        self.configuration = configuration
        self.outputDirectory = outputDirectory
        baseRates = optimizer.learningRates
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
    }

    public var bestWeightsURL: URL { outputDirectory.appendingPathComponent("best.safetensors") }
    public var checkpointURL: URL { outputDirectory.appendingPathComponent("checkpoint.safetensors") }
    public var logURL: URL { outputDirectory.appendingPathComponent("log.jsonl") }

    /// The step to start from: after the saved checkpoint's step when `resume`
    /// and a checkpoint exists (weights and optimiser state restored), else 0.
    public func restore(resume: Bool) throws -> (step: Int, best: Double?) {
        guard resume, FileManager.default.fileExists(atPath: checkpointURL.path) else {
            try? FileManager.default.removeItem(at: logURL)
            return (0, nil)
        }
        let file = try SafeTensors.read(checkpointURL.path)
        var modelWeights: [String: Tensor] = [:]
        var optimizerState: [String: Tensor] = [:]
        for (name, tensor) in file.tensors {
            if name.hasPrefix("model.") { modelWeights[String(name.dropFirst(6))] = tensor }
            if name.hasPrefix("optimizer.") { optimizerState[String(name.dropFirst(10))] = tensor }
        }
        try model.load(modelWeights)
        try optimizer.loadState(optimizerState)
        let step = Int(file.metadata["step"] ?? "0") ?? 0
        return (step, file.metadata["best"].flatMap(Double.init))
    }

    /// Trains until `configuration.steps`, early stopping, or the loader runs dry.
    /// `loss` computes the loss of one batch in training mode; `validate` returns
    /// metrics (it runs with the model in evaluation mode and no grad).
    public func fit<Batch>(
        loader: BatchLoader<Batch>, startStep: Int = 0, best previousBest: Double? = nil,
        loss: (Batch) throws -> Tensor, validate: () throws -> [String: Double]
    ) throws -> TrainingResult {
        let started = ContinuousClock.now
        let progress = ProgressBar(total: configuration.steps, startStep: startStep)
        var best = previousBest
        var bestStep = startStep
        var bestMetrics: [String: Double] = [:]
        var sinceImprovement = 0
        var step = startStep
        var recentLoss: [Double] = []
        var stoppedEarly = false
        model.train()
        while step < configuration.steps, let batch = try loader.next() {
            try beforeStep?(step)
            optimizer.setLearningRates(schedule.rates(baseRates, at: step))
            try optimizer.zeroGrad()
            let value = try loss(batch)
            try value.backward()
            if let limit = configuration.gradientClipNorm { try clipGradients(to: limit) }
            try optimizer.step()
            step += 1
            recentLoss.append(try value.item())
            if recentLoss.count > configuration.logEvery { recentLoss.removeFirst() }
            let meanLoss = recentLoss.reduce(0, +) / Double(recentLoss.count)
            if showsProgress { progress.draw(step: step, values: [("loss", meanLoss)] + (best.map { [(configuration.monitor, $0)] } ?? [])) }
            try afterStep?(step, meanLoss)
            if step % configuration.logEvery == 0 {
                try log(["step": step, "loss": meanLoss, "lr": optimizer.learningRates.first ?? 0,
                         "elapsed": (ContinuousClock.now - started).seconds])
            }
            if step % configuration.validateEvery == 0 || step == configuration.steps {
                model.eval()
                let metrics = try withNoGrad { try validate() }
                model.train()
                guard let value = metrics[configuration.monitor] else {
                    throw RecipeError(recipe: "trainer configuration", "validation did not report the monitored metric '\(configuration.monitor)'")
                }
                var entry: [String: Any] = ["step": step, "validation": metrics]
                if configuration.keepLast == true || best == nil || (configuration.higherIsBetter ? value > best! : value < best!) {
                    best = value
                    bestStep = step
                    bestMetrics = metrics
                    sinceImprovement = 0
                    try model.save(to: bestWeightsURL.path, metadata: ["step": String(step), configuration.monitor: String(value)])
                    entry["best"] = true
                } else {
                    sinceImprovement += 1
                }
                try log(entry)
                try saveCheckpoint(step: step, best: best)
                if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
                if let patience = configuration.earlyStoppingPatience, sinceImprovement >= patience {
                    stoppedEarly = true
                    break
                }
            }
        }
        loader.cancel()
        return TrainingResult(bestStep: bestStep, bestMetrics: bestMetrics, lastStep: step, stoppedEarly: stoppedEarly,
                              durationSeconds: (ContinuousClock.now - started).seconds)
    }

    /// Scales every gradient so that their global L2 norm is at most `limit`; returns the norm before.
    @discardableResult
    public func clipGradients(to limit: Double) throws -> Double {
        let gradients = try model.parameters().compactMap { try $0.grad }
        let norm = try withNoGrad { try gradients.reduce(0.0) { $0 + (try $1.square().sum().item()) }.squareRoot() }
        if norm > limit {
            try withNoGrad { for g in gradients { try g.mul_(limit / (norm + 1e-6)) } }
        }
        return norm
    }

    private func saveCheckpoint(step: Int, best: Double?) throws {
        let tensors = model.stateDict().map { ("model." + $0.name, $0.tensor) }
            + (try optimizer.stateTensors()).map { ("optimizer." + $0.name, $0.tensor) }
        var metadata = ["step": String(step)]
        if let best { metadata["best"] = String(best) }
        try SafeTensors.write(tensors, metadata: metadata, to: checkpointURL.path)
    }

    private func log(_ entry: [String: Any]) throws { try TrainingLog(url: logURL).append(entry) }
}
