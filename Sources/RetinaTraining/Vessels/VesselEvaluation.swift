import Foundation
import FundusImaging
import RetinaModels

/// Pixel metrics of a vessel segmenter on one manifest split, inside the field
/// of view (the row's `fov_mask`, else the detected one), as the field reports
/// them: F1, ROC AUC, sensitivity, specificity and accuracy at the model's threshold.
public enum VesselEvaluation {
    public static func evaluate(_ segmenter: VesselSegmenter, manifest: Manifest, split: Split?, dataset: String) throws -> EvaluationResult {
        let rows = split.map { manifest.rows(in: $0) } ?? manifest.rows
        let labelled = rows.filter { $0.vesselMask != nil }
        var metrics = BinaryMetrics(threshold: segmenter.card.threshold)
        for row in labelled {
            let sample = try VesselSample(row: row, dataset: dataset)
            try accumulate(segmenter.probabilities(for: sample.image), sample: sample, into: &metrics)
        }
        return EvaluationResult(n: labelled.count, metrics: metrics.aggregate(), skipped: rows.count - labelled.count)
    }

    /// Adds one image's FOV pixels to `metrics`.
    public static func accumulate(_ probabilities: ProbabilityMap, sample: VesselSample, into metrics: inout BinaryMetrics) {
        let truth = sample.vessels.pixels
        let fov = sample.fieldOfView.pixels
        for i in probabilities.values.indices where fov[i] > 127 {
            metrics.update(score: Double(probabilities.values[i]), label: truth[i] > 127)
        }
    }
}
