import Foundation

/// Embedding drift by a domain classifier: a logistic regression learns to tell reference
/// embeddings from current ones, and its k-fold cross-validated ROC AUC says how well it can.
/// About 0.5 means the two are indistinguishable; drift is flagged above 0.55 by default.
public struct DomainClassifierTest: Sendable, Hashable, Codable {
    public struct Configuration: Sendable, Hashable, Codable {
        /// Stratified folds; each sample needs at least this many embeddings.
        public var folds: Int
        public var classifier: LogisticRegression.Configuration

        public init(folds: Int = 5, classifier: LogisticRegression.Configuration = LogisticRegression.Configuration()) {
            self.folds = folds
            self.classifier = classifier
        }
    }

    /// The mean of the held-out folds' ROC AUCs (current embeddings the positive class).
    public let auc: Double
    public let foldAUCs: [Double]

    /// - Parameter generator: shuffles the embeddings into folds.
    public init(
        reference: [[Double]], current: [[Double]], configuration: Configuration = Configuration(),
        using generator: inout SplitMix64
    ) throws(MonitoringError) {
        let folds = configuration.folds
        guard folds >= 2 else { throw .invalidParameter("folds") }
        guard reference.count >= folds else { throw .tooFewValues("domain classifier reference", needed: folds, got: reference.count) }
        guard current.count >= folds else { throw .tooFewValues("domain classifier current", needed: folds, got: current.count) }
        let features = reference + current
        let labels = [Bool](repeating: false, count: reference.count) + [Bool](repeating: true, count: current.count)
        // Stratified: each class is shuffled and dealt round-robin into the folds.
        var fold = [Int](repeating: 0, count: features.count)
        for (indices, _) in [(Array(0..<reference.count), false), (Array(reference.count..<features.count), true)] {
            for (position, index) in indices.shuffled(using: &generator).enumerated() { fold[index] = position % folds }
        }
        var foldAUCs: [Double] = []
        for held in 0..<folds {
            let training = features.indices.filter { fold[$0] != held }
            let testing = features.indices.filter { fold[$0] == held }
            let model = try LogisticRegression(
                features: training.map { features[$0] }, labels: training.map { labels[$0] },
                configuration: configuration.classifier)
            var scores: [Double] = []
            for index in testing { scores.append(try model.probability(features[index])) }
            foldAUCs.append(try ROCAUC.compute(scores: scores, labels: testing.map { labels[$0] }))
        }
        self.foldAUCs = foldAUCs
        auc = foldAUCs.reduce(0, +) / Double(folds)
    }
}
