import Foundation
import RetinaData
import RetinaModels
import RetinaTraining

/// `ropscreen train` as a library call: trains the recipe's task, measures the
/// model on the test split of every data set the recipe used (through the same
/// code as `ropscreen evaluate`: the report path, then the network alone), and
/// writes the bundle once, with every figure in its card.
public enum RecipeTraining {
    public static func run(_ run: RecipeRun, evaluateOnTest: Bool, report: (String) -> Void = { print($0) }) throws -> ModelCard {
        var trained = try train(run)
        if evaluateOnTest {
            // The evaluation loads a bundle, as a user's would: it reads a staged copy in the work folder.
            let staged = run.work.appendingPathComponent("candidate")
            try trained.write(to: staged)
            for path in run.recipe.manifests {
                let dataset = (path as NSString).deletingLastPathComponent
                let manifest = try Manifest(contentsOf: run.dataRoot.appendingPathComponent(path))
                // What reports give first (the bundled models around it, the server's settings), then the network alone.
                for path in [ModelEvaluation.Path.report, .model] {
                    let result = try ModelEvaluation.evaluate(run.recipe.task, model: staged, manifest: manifest, split: .test, dataset: dataset, path: path)
                    trained.card.metrics[ModelEvaluation.cardKey(dataset: dataset, split: .test, path: path)] = ModelEvaluation.recordable(result)
                    trained.card.record(notes: result.notes)
                    report("\(dataset) test, \(path == .report ? "report path" : "model only") (n=\(result.n)): "
                           + ModelEvaluation.summary(result.metrics, task: run.recipe.task, path: path))
                }
            }
        }
        try trained.write(to: run.outputDirectory)
        return trained.card
    }

    /// The trainer of the recipe's task.
    public static func train(_ run: RecipeRun) throws -> TrainedModel {
        switch run.recipe.task {
        case .vessels: try SegmentationTraining.run(run, target: .vessels)
        case .ridge: try SegmentationTraining.run(run, target: .ridge)
        case .quality, .lesion, .rop: try ClassifierTraining.run(run)
        case .landmarks: try LandmarkTraining.run(run)
        case .laterality: try LateralityTraining.run(run)
        }
    }
}
