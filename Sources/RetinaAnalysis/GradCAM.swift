import Foundation
import FundusImaging
import RetinaModels
import Torch

/// Gradient-weighted class activation mapping (Selvaraju et al., ICCV 2017):
/// where in the photograph the evidence for a class lies. The last feature map
/// is weighted by the spatial mean of the class score's gradient with respect
/// to it, summed over channels and rectified.
public enum GradCAM {
    /// The map over `input` (1, C, H, W) for `classIndex`, at the input's
    /// resolution, scaled to 0…1 (all zero when nothing speaks for the class).
    public static func map(network: any ClassifierNetwork, input: Tensor, classIndex: Int) throws -> Tensor {
        try map(features: network.forwardFeatures, head: network.forwardHead, input: input, classIndex: classIndex)
    }

    /// The same for any network split into `features` (input → last feature map
    /// (1, K, h, w)) and `head` (feature map → logits (1, classes)).
    public static func map(features: (Tensor) throws -> Tensor, head: (Tensor) throws -> Tensor,
                           input: Tensor, classIndex: Int) throws -> Tensor {
        let (height, width) = (input.shape[2], input.shape[3])
        // The feature map becomes a leaf of its own graph, so that its gradient is kept.
        let activations = try withNoGrad { try features(input) }
        try activations.requiringGrad()
        let score = try withGrad { try head(activations).select(dim: 1, index: classIndex).sum() }
        try score.backward()
        guard let gradient = try activations.grad else { throw TorchError("Grad-CAM: no gradient reached the feature map") }
        return try withNoGrad {
            let weights = try gradient.mean(dims: [2, 3], keepDims: true)
            let cam = try (activations * weights).sum(dims: [1], keepDims: true).relu()
                .upsample(to: Pair(height, width), mode: .bilinear(alignCorners: false))
            let peak = try cam.max().item() as Double
            return peak > 0 ? try cam * (1 / peak) : cam
        }
    }

    /// The map of `label` (the predicted class when nil) for a photograph, in the photograph's pixels.
    public static func explain(_ classifier: FundusClassifier, photo: FundusImage, fieldOfView: FieldOfView? = nil,
                               label: String? = nil) throws -> ClassActivationMap {
        let (prepared, input) = try classifier.prepare(photo, fieldOfView: fieldOfView)
        let prediction = try classifier.predict(inputs: [input])[0]
        let classIndex = try label.map { name in
            guard let index = classifier.card.labels.firstIndex(of: name) else {
                throw ModelBundleError(model: classifier.card.name, "no class '\(name)' (it has \(classifier.card.labels.joined(separator: ", ")))")
            }
            return index
        } ?? prediction.classIndex
        let values = try classifier.withNetwork { try map(network: $0, input: input, classIndex: classIndex) }
        return try ClassActivationMap(model: classifier.card.name, label: classifier.card.labels[classIndex],
                                      probability: prediction.probabilities[classIndex], method: .gradCAM, inputValues: values, prepared: prepared)
    }
}
