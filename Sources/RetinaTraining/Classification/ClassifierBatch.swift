import FundusImaging
import RetinaData
import Torch

extension ClassifierTraining {
    /// One training batch: inputs, class indices and, where an evidence map is
    /// supervised, each sample's lesion mask with a weight of 1 (annotated) or 0.
    struct Batch: Sendable {
        var inputs: Tensor
        var targets: Tensor
        /// (N, 1, H, W) in [0, 1], at the input's resolution.
        var lesionMasks: Tensor?
        /// (N, 1, 1, 1): 1 where the sample's manifest draws lesion boxes.
        var annotated: Tensor?

        mutating func addLesionMasks(of samples: [TrainingSample]) throws {
            let size = Array(inputs.shape.suffix(2))
            lesionMasks = try Tensor.cat(samples.map { sample in
                try sample.image.masks[LesionMask.maskName]?.tensor() ?? Tensor.zeros([1, 1, size[0], size[1]])
            })
            annotated = try Tensor(samples.map { $0.image.masks[LesionMask.maskName] == nil ? Float(0) : 1 }, shape: [samples.count, 1, 1, 1])
        }

        /// BCE between the evidence logits (N, 1, h, w) and the share of each cell the
        /// lesion boxes cover, averaged over the cells of annotated samples only.
        func evidenceLoss(_ map: Tensor) throws -> Tensor {
            guard let lesionMasks, let annotated else { throw RecipeError(recipe: "evidence map", "the batch carries no lesion masks") }
            let cells = Array(map.shape.suffix(2))
            let targets = try lesionMasks.adaptiveAvgPool2d(Pair(cells[0], cells[1]))
            let sum = try Loss.binaryCrossEntropyWithLogits(logits: map, targets: targets, weight: annotated, reduction: .sum)
            return try sum / (annotated.sum().clamped(min: 1) * Double(cells[0] * cells[1]))
        }
    }
}
