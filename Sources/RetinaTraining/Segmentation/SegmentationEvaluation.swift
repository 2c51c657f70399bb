import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels

/// Pixel metrics of a segmenter on one manifest split, inside the field of view
/// (the row's `fov_mask`, else the detected one), as the field reports them:
/// F1 (= Dice), ROC AUC, sensitivity, specificity and accuracy at the model's
/// threshold, pooled over every pixel of the split.
public enum SegmentationEvaluation {
    public static func evaluate(_ segmenter: Segmenter, manifest: Manifest, split: Split?, dataset: String,
                                target: SegmentationTarget, fieldDiameter: Int? = nil) throws -> EvaluationResult {
        let rows = split.map { manifest.rows(in: $0) } ?? manifest.rows
        let labelled = rows.filter(target.isLabelled)
        var metrics = BinaryMetrics(threshold: segmenter.card.threshold)
        var found = 0
        for row in labelled {
            let sample = try SegmentationSample(row: row, dataset: dataset, target: target)
            let probabilities = try fieldDiameter.map {
                try segmenter.probabilities(for: FundusImage(sample.image), fieldOfView: FieldOfView(mask: sample.fieldOfView), diameter: $0, mirrorAveraging: false)
            } ?? segmenter.probabilities(for: sample.image)
            accumulate(probabilities, sample: sample, into: &metrics)
            let truth = sample.mask.pixels.contains { $0 > 127 }
            if probabilities.isPresent(threshold: segmenter.card.threshold) == truth { found += 1 }
        }
        var aggregate = metrics.aggregate()
        // Whether the structure is there at all, the flag a report gives.
        aggregate["presence_accuracy"] = labelled.isEmpty ? .nan : Double(found) / Double(labelled.count)
        return EvaluationResult(n: labelled.count, metrics: aggregate, skipped: rows.count - labelled.count)
    }

    /// Adds one image's FOV pixels to `metrics`.
    public static func accumulate(_ probabilities: ProbabilityMap, sample: SegmentationSample, into metrics: inout BinaryMetrics) {
        let truth = sample.mask.pixels
        let fov = sample.fieldOfView.pixels
        for i in probabilities.values.indices where fov[i] > 127 {
            metrics.update(score: Double(probabilities.values[i]), label: truth[i] > 127)
        }
    }
}
