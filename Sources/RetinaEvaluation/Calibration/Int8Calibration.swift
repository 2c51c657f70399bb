import Foundation
import RetinaAnalysis
import RetinaData
import RetinaModels
import RetinaTraining
import Torch

/// Measures the activation ranges a U-Net's int8 form quantizes with
/// (`UNetActivationRanges`): training photographs run through the report path
/// (quality gate, field of view, the server's options), the U-Net in its float32
/// inference form. The photographs are training rows, none of those the recipe holds out
/// for validation, so neither validation nor test photographs are seen.
public enum Int8Calibration {
    /// The tasks whose network is a U-Net.
    public static let tasks: [AnalysisTask] = [.vessels, .ridge, .landmarks]

    /// `photographs` training photographs of each of the recipe's manifests and of `extraManifests`
    /// (paths under `dataRoot`); `model` in the task's place (the bundled model when nil). For
    /// landmarks, `infantCameras` measures the infant detector, which reads the RetCam and Neo photographs.
    public static func measure(task: AnalysisTask, recipe: Recipe, dataRoot: URL, model: URL?, infantCameras: Bool = false,
                               photographs: Int, extraManifests: [String] = []) throws -> UNetActivationRanges {
        guard tasks.contains(task) else { throw ModelBundleError(model: task.rawValue, "is not a U-Net task; int8 is for \(tasks.map(\.rawValue))") }
        var models = try AnalysisModels.bundled(precision: .float32)
        if let model {
            try models.replace(task, with: ModelBundle(directory: model), precision: .float32, landmarkPlace: infantCameras ? .infantCameras : .general)
        }
        let unet: UNet? = switch task {
        case .vessels: models.vessels?.unet
        case .ridge: models.ridge?.unet
        default: (infantCameras ? models.infantLandmarks : models.landmarks)?.unet
        }
        guard let unet else { throw ModelBundleError(model: task.rawValue, "no U-Net model to calibrate") }
        guard let card = models.card(for: task) else { throw ModelBundleError(model: task.rawValue, "no \(task.rawValue) model is bundled") }
        let rows = try trainingRows(recipe: recipe, dataRoot: dataRoot, photographs: photographs, extraManifests: extraManifests) {
            ReportPathTaskEvaluation.isLabelled($0, for: task, card: card)
        }
        let observer = ActivationObserver()
        try unet.observe(observer)
        defer { unet.stopObserving() }
        let evaluation = ReportPathEvaluation(models: models, options: AnalysisOptions(tasks: ReportPathTaskEvaluation.tasks(for: task), includeImages: false))
        let outcomes = evaluation.outcomes(for: rows, dataset: "int8 calibration")
        let manifests = (recipe.manifests + extraManifests.filter { !recipe.manifests.contains($0) }).joined(separator: ", ")
        var ranges = observer.ranges(source: "")
        ranges.source = "training photographs through the report path: \(outcomes.count) rows, up to \(photographs) per manifest of \(manifests), none held out by the recipe, seed \(recipe.seed); the U-Net's inputs are those of the rows it read"
        guard ranges.inputs > 0 else { throw ModelBundleError(model: task.rawValue, "no calibration photograph reached the U-Net") }
        return ranges
    }

    /// Up to `photographs` training rows per manifest, drawn by the recipe's seed, none of
    /// them among the rows the recipe holds out for validation (`PreparedSamples.heldOutRows`
    /// with `labelled`, the rows its training used).
    static func trainingRows(recipe: Recipe, dataRoot: URL, photographs: Int, extraManifests: [String],
                             labelled: (ManifestRow) -> Bool) throws -> [ManifestRow] {
        let held = Set(try PreparedSamples.heldOutRows(recipe: recipe, dataRoot: dataRoot, include: labelled).map(\.image))
        let generator = try RandomGenerator(seed: recipe.seed)
        var chosen: [ManifestRow] = []
        for path in recipe.manifests + extraManifests.filter({ !recipe.manifests.contains($0) }) {
            let rows = try ManifestDataset(Manifest(contentsOf: dataRoot.appendingPathComponent(path)), split: .train).rows.filter { !held.contains($0.image) }
            chosen += try generator.permutation(rows.count).prefix(photographs).map { rows[$0] }
        }
        return chosen
    }
}
