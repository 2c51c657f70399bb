import Foundation
import FundusImaging
import RetinaData
import RetinaModels
import Torch

/// Training rows decoded once and prepared as the model sees them (field-of-view
/// crop, letterbox, CLAHE), with their keypoints and eye carried along, and a
/// seeded hold-out per manifest for validation.
///
/// Keypoints: `disc` and `fovea` where labelled; the disc box travels as
/// `disc.right` (centre + half the width) and `disc.bottom` (centre + half the
/// height), so that its size follows every warp. When the recipe supervises an
/// evidence map, the rows of a manifest that draws lesion boxes carry them as the
/// `LesionMask` (empty where a row has none: that manifest's rows are all annotated).
public enum PreparedSamples {
    /// Training samples grouped by manifest, and the validation samples; `classIndex`
    /// gives each sample its class.
    public static func load(
        recipe: Recipe, dataRoot: URL, include: (ManifestRow) -> Bool, classIndex: (ManifestRow) -> Int? = { _ in nil }
    ) throws -> (train: [[TrainingSample]], validation: [TrainingSample]) {
        var train: [[TrainingSample]] = []
        var validation: [TrainingSample] = []
        let generator = try RandomGenerator(seed: recipe.seed)
        for path in recipe.manifests {
            let manifest = try Manifest(contentsOf: dataRoot.appendingPathComponent(path))
            let samples = try prepare(manifest, split: .train, recipe: recipe, include: include, classIndex: classIndex)
            let order = try generator.permutation(samples.count)
            var group: [TrainingSample] = []
            for (rank, position) in order.enumerated() {
                if rank < recipe.validationImagesPerManifest { validation.append(samples[position]) } else { group.append(samples[position]) }
            }
            if !group.isEmpty { train.append(group) }
        }
        return (train, validation)
    }

    /// The rows `load` holds out for validation, without decoding a photograph: the same
    /// seeded permutation of the same rows. What thresholds are chosen on after training.
    public static func heldOutRows(recipe: Recipe, dataRoot: URL, include: (ManifestRow) -> Bool) throws -> [ManifestRow] {
        let generator = try RandomGenerator(seed: recipe.seed)
        var held: [ManifestRow] = []
        for path in recipe.manifests {
            let rows = try ManifestDataset(Manifest(contentsOf: dataRoot.appendingPathComponent(path)), split: .train).rows.filter(include)
            held += try generator.permutation(rows.count).prefix(recipe.validationImagesPerManifest).map { rows[$0] }
        }
        return held
    }

    /// The rows of `split` (every row when nil) that `include` accepts, prepared as the recipe says, in manifest order.
    public static func prepare(
        _ manifest: Manifest, split: Split?, recipe: Recipe, include: (ManifestRow) -> Bool, classIndex: (ManifestRow) -> Int?
    ) throws -> [TrainingSample] {
        let dataset = ManifestDataset(manifest, split: split)
        let drawsLesions = recipe.evidenceMapWeight != nil && manifest.rows.contains { !$0.lesions.isEmpty }
        return try dataset.rows.indices.filter { include(dataset.rows[$0]) }.map { index in
            let row = dataset.rows[index]
            var sample = try dataset.sample(at: index)
            var image = try FundusImage(sample.image.image)  // masks are not needed here
            image = image.settingKeypoint("disc", row.opticDiscCenter).settingKeypoint("fovea", row.fovea)
            if let box = row.opticDisc {
                image = image.settingKeypoint("disc.right", Point(x: box.center.x + box.width / 2, y: box.center.y))
                    .settingKeypoint("disc.bottom", Point(x: box.center.x, y: box.center.y + box.height / 2))
            }
            if drawsLesions { image = try image.settingMask(LesionMask.maskName, LesionMask.render(row.lesions, size: image.size)) }
            sample.image = try prepared(image, recipe: recipe)
            sample.classIndex = classIndex(row)
            sample.source = row.image
            return sample
        }
    }

    /// An image as the recipe's model sees it: field-of-view crop, letterbox, and CLAHE where the recipe asks.
    public static func prepared(_ image: FundusImage, recipe: Recipe) throws -> FundusImage {
        let prepared = try recipe.preprocessing.prepare(image)
        return recipe.preprocessing.clahe ? try prepared.withPixels { try $0.clahe() } : prepared
    }

    /// A random training sample: from a manifest chosen uniformly when `balanced`
    /// (so a small data set is not drowned by a large one), else uniformly over all.
    public static func pick(_ groups: [[TrainingSample]], balanced: Bool, generator: RandomGenerator) throws -> TrainingSample {
        if balanced {
            let group = try generator.element(of: groups)
            return try generator.element(of: group)
        }
        let total = groups.reduce(0) { $0 + $1.count }
        var index = try generator.index(below: total)
        for group in groups {
            if index < group.count { return group[index] }
            index -= group.count
        }
        return groups[0][0]
    }

    /// The input tensor of a prepared (and augmented) sample; CLAHE was applied when loading.
    public static func input(_ sample: TrainingSample, recipe: Recipe) throws -> Tensor {
        try sample.image.image.tensor(normalization: recipe.preprocessing.normalization)
    }
}
