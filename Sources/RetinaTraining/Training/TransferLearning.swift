import Foundation
import Torch
import TorchNN

/// Starting a model from other weights: which checkpoint, how its keys map onto
/// this model, what stays frozen (and until when), and which parts learn at
/// their own rate. Absent from a recipe means training from scratch.
public struct TransferLearning: Codable, Sendable, Equatable {
    /// A safetensors checkpoint (relative to the working directory).
    public var initialWeights: String
    /// Where `initialWeights` come from and how to make them, for weights that are
    /// not another bundled model (e.g. ImageNet weights fetched by a script). It is
    /// recorded in the card and named when the file is missing.
    public var source: String?
    /// Checkpoint key prefix → model key prefix (e.g. `"backbone."` → `"encoder."`);
    /// keys matching no entry keep their name. Unmatched model keys keep their initialisation.
    public var keyMapping: [String: String]
    /// Parameters whose names start with one of these do not train at first.
    public var frozenPrefixes: [String]
    /// Step at which the frozen parameters start training (nil: never).
    public var unfreezeAtStep: Int?
    /// Parameters with these prefixes train at `learningRateFactor` × the base rate.
    public var parameterGroups: [GroupRate]
    /// Keep the initial weights' batch-norm statistics: normalise with them in training too, never
    /// update them (federated training under differential privacy: the statistics stay the public
    /// start's, and a site's clipped update holds only what it learnt, not data statistics).
    public var frozenBatchNormStatistics: Bool?

    public struct GroupRate: Codable, Sendable, Equatable {
        public var prefixes: [String]
        public var learningRateFactor: Double
    }

    public init(initialWeights: String, source: String? = nil, keyMapping: [String: String] = [:], frozenPrefixes: [String] = [],
                unfreezeAtStep: Int? = nil, parameterGroups: [GroupRate] = []) {
        self.initialWeights = initialWeights
        self.source = source
        self.keyMapping = keyMapping
        self.frozenPrefixes = frozenPrefixes
        self.unfreezeAtStep = unfreezeAtStep
        self.parameterGroups = parameterGroups
    }

    /// The start of training as a card records it: the file, and its source when the recipe names one.
    public var provenance: String {
        initialWeights + (source.map { " (\($0))" } ?? "")
    }

    /// The checkpoint key renamed for this model.
    public func map(_ key: String) -> String {
        for (from, to) in keyMapping.sorted(by: { $0.key.count > $1.key.count }) where key.hasPrefix(from) {
            return to + key.dropFirst(from.count)
        }
        return key
    }

    /// Loads the initial weights (non-strict: returns the model keys left at their
    /// initialisation) and freezes `frozenPrefixes`.
    @discardableResult
    public func prepare(_ model: any Module) throws -> [String] {
        guard FileManager.default.fileExists(atPath: initialWeights) else {
            throw RecipeError(recipe: initialWeights, "the initial weights \(initialWeights) are missing" + (source.map { "; they come from: \($0)" } ?? ""))
        }
        let file = try SafeTensors.read(initialWeights)
        let known = Set(model.stateDict().map(\.name))
        var weights: [String: Tensor] = [:]
        for (key, tensor) in file.tensors where known.contains(map(key)) { weights[map(key)] = tensor }
        guard !weights.isEmpty else {
            throw RecipeError(recipe: initialWeights, "no tensor of it matches the model after key mapping")
        }
        let missing = try model.load(weights, strict: false)
        if !frozenPrefixes.isEmpty { try model.setTrainable(false, prefixes: frozenPrefixes) }
        if frozenBatchNormStatistics == true { model.freezeBatchNormStatistics() }
        return missing
    }

    /// Unfreezes from `unfreezeAtStep` on (also after resuming past it); call before each step.
    public func update(_ model: any Module, step: Int) throws {
        if let at = unfreezeAtStep, step >= at, !frozenPrefixes.isEmpty {
            try model.setTrainable(true, prefixes: frozenPrefixes)
        }
    }

    /// Optimiser groups: one per `parameterGroups` entry, then the rest at the base rate.
    /// Frozen parameters are included, so that unfreezing needs no new optimiser.
    public func optimizerGroups(_ model: any Module, learningRate: Double, weightDecay: Double) -> [ParameterGroup] {
        var remaining = model.namedParameters()
        var groups: [ParameterGroup] = []
        for group in parameterGroups {
            let matches = remaining.filter { p in group.prefixes.contains { p.name.hasPrefix($0) } }
            remaining.removeAll { p in group.prefixes.contains { p.name.hasPrefix($0) } }
            groups.append(ParameterGroup(matches.map(\.tensor), learningRate: learningRate * group.learningRateFactor, weightDecay: weightDecay))
        }
        groups.append(ParameterGroup(remaining.map(\.tensor), learningRate: learningRate, weightDecay: weightDecay))
        return groups
    }
}
