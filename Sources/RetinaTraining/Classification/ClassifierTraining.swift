import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels
import Torch
import TorchNN

/// Trains an image-level classifier from a recipe: image quality (good / bad /
/// outlier, with synthesised ungradable and non-fundus examples) or a diagnosis
/// (any manifest's `diagnosis` column mapped onto the recipe's classes).
///
/// Imbalance is handled by inverse-frequency class weights; a binary
/// classifier's operating threshold is chosen on validation data for the
/// recipe's target sensitivity.
public enum ClassifierTraining {
    /// The examples a classifier learns from.
    public struct Examples: Sendable {
        /// Training samples grouped by manifest, each with its `classIndex`.
        public var train: [[TrainingSample]]
        public var validation: [TrainingSample]
        /// Quality: gradable photographs of other data sets (degraded on the fly into `bad`), grouped by manifest.
        public var goodSources: [[TrainingSample]]
        /// Quality: held-out gradable photographs of other data sets, for validation.
        public var goodValidation: [TrainingSample]

        public init(train: [[TrainingSample]], validation: [TrainingSample], goodSources: [[TrainingSample]] = [], goodValidation: [TrainingSample] = []) {
            self.train = train
            self.validation = validation
            self.goodSources = goodSources
            self.goodValidation = goodValidation
        }

        public var trainCount: Int { train.reduce(0) { $0 + $1.count } }
    }

    /// The class index of a manifest row under `recipe`, or nil when the row has no such label.
    public static func classIndex(of row: ManifestRow, recipe: Recipe) -> Int? {
        let classes = recipe.classes ?? []
        if recipe.task == .quality { return row.quality.flatMap { classes.firstIndex(of: $0.rawValue) } }
        guard let diagnosis = row.diagnosis, let name = recipe.diagnosisClasses?[diagnosis] else { return nil }
        return classes.firstIndex(of: name)
    }

    /// Loads and prepares the recipe's examples (the train split of each manifest, minus the validation hold-out).
    public static func loadExamples(recipe: Recipe, dataRoot: URL) throws -> Examples {
        let (train, validation) = try PreparedSamples.load(recipe: recipe, dataRoot: dataRoot,
                                                           include: { classIndex(of: $0, recipe: recipe) != nil },
                                                           classIndex: { classIndex(of: $0, recipe: recipe) })
        var examples = Examples(train: train, validation: validation)
        if let synthesis = recipe.qualitySynthesis {
            var sourceRecipe = recipe
            sourceRecipe.manifests = synthesis.goodManifests
            sourceRecipe.validationImagesPerManifest = synthesis.validationImagesPerManifest
            let good = recipe.classes?.firstIndex(of: "good")
            let sources = try PreparedSamples.load(recipe: sourceRecipe, dataRoot: dataRoot, include: { _ in true }, classIndex: { _ in good })
            examples.goodSources = sources.train
            examples.goodValidation = sources.validation
        }
        return examples
    }

    /// Loads the recipe's examples, trains, and for a quality model records the
    /// reference ranges of the image measures in the card.
    public static func run(_ run: RecipeRun) throws -> TrainedModel {
        let (card, network) = try train(run, examples: loadExamples(recipe: run.recipe, dataRoot: run.dataRoot))
        var trained = TrainedModel(network: network, card: card)
        if run.recipe.qualitySynthesis != nil {
            trained.card.references = try QualityReferences.measure(QualityReferences.goodPhotographs(recipe: run.recipe, dataRoot: run.dataRoot))
        }
        return trained
    }

    /// Trains on `examples`; returns the card and the trained network (nothing is written but checkpoints).
    public static func train(_ run: RecipeRun, examples: Examples) throws -> (card: ModelCard, network: any ClassifierNetwork) {
        let recipe = run.recipe
        guard let classes = recipe.classes, classes.count >= 2 else {
            throw RecipeError(recipe: run.recipePath, "a classifier recipe needs \"classes\" (at least 2)")
        }
        guard let architecture = recipe.architecture.withClasses(classes.count) else {
            throw RecipeError(recipe: run.recipePath, "a classifier recipe needs a resnet or efficientNetLite architecture")
        }
        guard examples.trainCount > 0 else {
            throw RecipeError(recipe: run.recipePath, "no train rows carry the recipe's labels")
        }
        guard let network = try architecture.build(generator: RandomGenerator(seed: recipe.seed)) as? any ClassifierNetwork else {
            throw RecipeError(recipe: run.recipePath, "the recipe's architecture is not an image classifier")
        }
        let synthesis = recipe.qualitySynthesis
        let indexOf: @Sendable (String) -> Int = { name in classes.firstIndex(of: name) ?? 0 }
        if synthesis != nil, !(classes.contains("good") && classes.contains("bad") && classes.contains("outlier")) {
            throw RecipeError(recipe: run.recipePath, "quality synthesis needs the classes good, bad and outlier")
        }
        let inputSize = recipe.preprocessing.inputSize ?? 224
        let validation = try examples.validation + syntheticValidation(examples.goodValidation, recipe: recipe,
                                                                      size: inputSize, classIndex: indexOf)

        let counts = ClassWeights.counts(examples.train.flatMap { $0 }.compactMap(\.classIndex), classes: classes.count)
        let weights: Tensor? = recipe.classWeighting == true
            ? try Tensor(ClassWeights.inverseFrequency(counts).map { Float($0) }) : nil
        let augment = AugmentationPipeline([recipe.geometry, recipe.photometry])
        let balanced = recipe.balanceManifests ?? false
        /// One training example: a generated outlier, a good photograph of another data set
        /// (as it is or degraded), or a sample of the recipe's manifests.
        @Sendable func draw(_ g: RandomGenerator) throws -> TrainingSample {
            let share = try g.uniform()
            guard let synthesis, examples.goodSources.contains(where: { !$0.isEmpty }) else {
                return try augment(PreparedSamples.pick(examples.train, balanced: balanced, generator: g), generator: g)
            }
            if share < synthesis.outlierShare {
                return TrainingSample(image: try Self.syntheticOutlier(size: inputSize, recipe: recipe, generator: g), classIndex: indexOf("outlier"))
            }
            if share < synthesis.outlierShare + synthesis.degradedShare + synthesis.goodShare {
                let source = try PreparedSamples.pick(examples.goodSources, balanced: synthesis.balanceManifests ?? false, generator: g)
                var sample = try augment(source, generator: g)
                if share < synthesis.outlierShare + synthesis.degradedShare {
                    // Degraded after the ordinary augmentation, so that the photometric jitter cannot undo it.
                    sample.image = try sample.image.withPixels { try QualityDegradation.random($0, generator: g) }
                    sample.classIndex = indexOf("bad")
                }
                return sample
            }
            return try augment(PreparedSamples.pick(examples.train, balanced: balanced, generator: g), generator: g)
        }
        let evidenceWeight = recipe.evidenceMapWeight
        if evidenceWeight != nil, !network.hasEvidenceMap {
            throw RecipeError(recipe: run.recipePath, "\"evidenceMapWeight\" needs an architecture with \"evidenceMap\": true")
        }
        let makeBatch: @Sendable (Int, RandomGenerator) throws -> Batch = { _, g in
            let samples = try (0 ..< recipe.batchSize).map { _ in try draw(g) }
            var batch = Batch(inputs: try Tensor.cat(samples.map { try PreparedSamples.input($0, recipe: recipe) }),
                              targets: try Tensor(samples.map { Int64($0.classIndex ?? 0) }))
            if evidenceWeight != nil { try batch.addLesionMasks(of: samples) }
            return batch
        }
        var card = recipe.card(labels: classes)
        card.architecture = architecture
        // The class whose operating threshold is chosen for the target sensitivity: the
        // positive class of a binary model, or `outlier` (never let a non-fundus through).
        let positive = classes.count == 2 ? 1 : classes.firstIndex(of: "outlier")
        var finished = try run.train(network: network, card: card, dataDescription: "train rows labelled \(classes.joined(separator: "/"))",
                                     makeBatch: makeBatch, loss: { batch in
            let features = try network.forwardFeatures(batch.inputs)
            let loss = try Loss.crossEntropy(logits: network.forwardHead(features), targets: batch.targets, classWeights: weights)
            guard let evidenceWeight, let map = try network.forwardEvidence(features) else { return loss }
            return try loss + evidenceWeight * batch.evidenceLoss(map)
        }, validate: {
            try validationMetrics(network: network, samples: validation, recipe: recipe, classes: classes, positive: positive)
        }).card
        finished.metrics["train_class_counts"] = Dictionary(uniqueKeysWithValues: zip(classes, counts.map(Double.init)))
        if let positive, let point = finished.metrics["validation"]?["threshold_for_target"] {
            let perClass = [validation.count { $0.classIndex == positive }, validation.count { $0.classIndex != positive }].min() ?? 0
            if let minimum = recipe.minimumValidationPerClass, perClass < minimum {
                finished.record(notes: ["Threshold: the recipe's \(recipe.threshold), kept: validation holds \(perClass) photograph(s) of its smaller class, "
                                        + "fewer than the \(minimum) a chosen threshold needs (minimumValidationPerClass)"])
            } else {
                finished.threshold = point
            }
        }
        return (finished, network)
    }

    /// Accuracy, per-class recall and precision, and for a binary classifier the
    /// ROC AUC and the operating point that meets the target sensitivity.
    static func validationMetrics(network: any ClassifierNetwork, samples: [TrainingSample], recipe: Recipe, classes: [String], positive: Int?) throws -> [String: Double] {
        var confusion = ConfusionMatrix(labels: classes)
        var scores: [Double] = []
        var truths: [Bool] = []
        var auc = BinaryMetrics(threshold: 0.5)
        var predictions: [Int] = []
        for sample in samples {
            let p = try network(PreparedSamples.input(sample, recipe: recipe)).softmax(dim: 1).toArray(of: Float.self).map(Double.init)
            let truth = sample.classIndex ?? 0
            predictions.append(p.indices.max { p[$0] < p[$1] } ?? 0)
            confusion.update(truth: truth, predicted: predictions.last!)
            if let positive {
                scores.append(p[positive])
                truths.append(truth == positive)
                auc.update(score: p[positive], label: truth == positive)
            }
        }
        var metrics = confusion.aggregate()
        if samples.contains(where: { $0.source == nil }) {
            // Generated examples are part of validation: report the photographs of the manifests on their own too.
            var real = ConfusionMatrix(labels: classes)
            for (sample, predicted) in zip(samples, predictions) where sample.source != nil { real.update(truth: sample.classIndex ?? 0, predicted: predicted) }
            metrics["manifest_accuracy"] = real.accuracy
        }
        if positive != nil {
            metrics["auc"] = auc.rocAUC
            if let point = OperatingPoint.forSensitivity(recipe.targetSensitivity ?? 0.9, scores: scores, labels: truths) {
                metrics["threshold_for_target"] = point.threshold
                metrics["sensitivity_at_threshold"] = point.sensitivity
                metrics["specificity_at_threshold"] = point.specificity
            }
        }
        return metrics
    }

    /// Quality: each held-out gradable photograph as it is, a degraded copy of it,
    /// and a generated outlier, all from a fixed seed.
    static func syntheticValidation(_ good: [TrainingSample], recipe: Recipe, size: Int,
                                    classIndex: (String) -> Int) throws -> [TrainingSample] {
        let g = try RandomGenerator(seed: recipe.seed &+ 0x51)
        return try good.flatMap { sample in [
            sample,
            TrainingSample(image: try sample.image.withPixels { try QualityDegradation.random($0, generator: g) }, classIndex: classIndex("bad")),
            TrainingSample(image: try syntheticOutlier(size: size, recipe: recipe, generator: g), classIndex: classIndex("outlier")),
        ] }
    }

    /// A generated outlier in a random frame shape, prepared as photographs are (`PreparedSamples.prepared`).
    static func syntheticOutlier(size: Int, recipe: Recipe, generator: RandomGenerator) throws -> FundusImage {
        try PreparedSamples.prepared(FundusImage(SyntheticOutlier.randomFramed(size: size, generator: generator)), recipe: recipe)
    }
}
