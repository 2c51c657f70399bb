import FundusImaging
import RetinaModels
import Torch

/// Where a classifier with an evidence map (`ClassifierHead`)
/// itself located the evidence for its positive class. Unlike Grad-CAM the map
/// is not derived from gradients: it was trained against lesion boxes, so each
/// cell's value is the probability that it holds a lesion, and a photograph
/// without lesions shows (almost) nothing.
public enum EvidenceMap {
    /// The map over the photograph for the card's last (positive) class, or nil when the classifier has no evidence map.
    public static func explain(_ classifier: FundusClassifier, photo: FundusImage, fieldOfView: FieldOfView? = nil) throws -> ClassActivationMap? {
        guard classifier.hasEvidenceMap else { return nil }
        let (prepared, input) = try classifier.prepare(photo, fieldOfView: fieldOfView)
        let cells = try classifier.withNetwork { network in
            try withNoGrad { try network.forwardEvidence(network.forwardFeatures(input))?.sigmoid() }
        }
        guard let cells, let label = classifier.card.labels.last else { return nil }
        let values = try cells.upsample(to: Pair(input.shape[2], input.shape[3]), mode: .bilinear(alignCorners: false))
        return try ClassActivationMap(model: classifier.card.name, label: label, probability: cells.max().item(),
                                      method: .evidenceMap, inputValues: values, prepared: prepared)
    }
}
