import Foundation
import FundusImaging
import Torch
import TorchNN

/// Everything needed to use a set of weights correctly, saved beside them as
/// `card.json`: the architecture, the preprocessing, the labels and operating
/// threshold, how the weights were trained and how well they do.
public struct ModelCard: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var task: AnalysisTask
    public var architecture: Architecture
    public var preprocessing: Preprocessing
    public var labels: [String]
    /// Operating threshold on the model's probability.
    public var threshold: Double
    /// Thresholds of single labels where one does not fit all (the landmark detector's disc and
    /// fovea, each chosen on validation so that a found point is right); `threshold` for the rest.
    public var labelThresholds: [String: Double]?
    public var training: TrainingRecord?
    /// Data set (or split) → metric → value, measured by `ropscreen evaluate`.
    public var metrics: [String: [String: Double]]
    public var notes: [String]
    /// Diagnosis classifiers: manifest `diagnosis` → label, how the labels were made.
    public var diagnosisClasses: [String: String]?
    /// Quality: the range of each image measure on the gradable training
    /// photographs (5th to 95th percentile), against which a photograph's
    /// reasons are given.
    public var references: [String: ClosedRange<Double>]?
    /// Federated models: the federation that trained them (sites, rounds, strategy, privacy).
    public var federation: FederationRecord?

    public init(name: String, version: String, task: AnalysisTask, architecture: Architecture, preprocessing: Preprocessing,
                labels: [String], threshold: Double, training: TrainingRecord? = nil,
                metrics: [String: [String: Double]] = [:], notes: [String] = []) {
        self.name = name
        self.version = version
        self.task = task
        self.architecture = architecture
        self.preprocessing = preprocessing
        self.labels = labels
        self.threshold = threshold
        self.training = training
        self.metrics = metrics
        self.notes = notes
    }

    /// The class a classifier's probabilities decide, by the card's operating rule:
    /// a binary model says its second label when that probability reaches
    /// `threshold`; a model with an `outlier` label says `outlier` when that
    /// probability reaches `threshold` (chosen on validation so that no outlier
    /// is missed), else the most probable other label, or where the second of the two others
    /// has a threshold in `labelThresholds` (quality's `bad`), that label when its share of the
    /// two reaches it; otherwise the most probable label.
    public func decide(_ probabilities: [Double]) -> Int {
        guard probabilities.count == labels.count, !probabilities.isEmpty else { return 0 }
        if labels.count == 2 { return probabilities[1] >= threshold ? 1 : 0 }
        let argmax = { (candidates: [Int]) in candidates.max { probabilities[$0] < probabilities[$1] } ?? 0 }
        if let outlier = labels.firstIndex(of: "outlier") {
            if probabilities[outlier] >= threshold { return outlier }
            let others = labels.indices.filter { $0 != outlier }
            // A second label with a threshold of its own (quality's calibrated `bad`) wins when its share of the two reaches it.
            if others.count == 2, let own = labelThresholds?[labels[others[1]]] {
                let total = probabilities[others[0]] + probabilities[others[1]]
                return total > 0 && probabilities[others[1]] / total >= own ? others[1] : others[0]
            }
            return argmax(others)
        }
        return argmax(Array(labels.indices))
    }

    /// The operating threshold of `label`: its own where the card has one, else `threshold`.
    public func threshold(for label: String) -> Double { labelThresholds?[label] ?? threshold }

    public static let fileName = "card.json"
    public static let weightsFileName = "weights.safetensors"

    /// Adds `notes`, each replacing an earlier note that starts with the same words before its first colon.
    public mutating func record(notes new: [String]) {
        for note in new {
            let key = note.split(separator: ":", maxSplits: 1).first.map(String.init) ?? note
            notes.removeAll { $0.hasPrefix(key + ":") }
            notes.append(note)
        }
    }

    public static func read(from directory: URL) throws -> ModelCard {
        let data = try Data(contentsOf: directory.appendingPathComponent(fileName))
        return try JSONDecoder().decode(ModelCard.self, from: data)
    }

    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }
}
