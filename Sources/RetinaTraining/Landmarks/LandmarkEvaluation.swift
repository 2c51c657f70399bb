import Foundation
import FundusImaging
import RetinaData
import RetinaMetrics
import RetinaModels

/// Disc and fovea localisation errors, divided by the image width: the median
/// errors, and the share of images whose disc centre error is under the true
/// disc radius (half the mean of the box's sides).
public enum LandmarkEvaluation {
    public static func evaluate(_ detector: LandmarkDetector, manifest: Manifest, split: Split?) throws -> EvaluationResult {
        let rows = (split.map { manifest.rows(in: $0) } ?? manifest.rows)
        let labelled = rows.filter { $0.opticDiscCenter != nil || $0.fovea != nil }
        var disc = PointDistanceMetrics()
        var fovea = PointDistanceMetrics()
        for row in labelled {
            let photo = try FundusImage.decode([UInt8](Data(contentsOf: row.image)))
            let detection = try detector.detect(in: photo)
            accumulate(detection, row: row, width: photo.originalSize.width, disc: &disc, fovea: &fovea)
        }
        return EvaluationResult(n: labelled.count, metrics: aggregate(disc: disc, fovea: fovea), skipped: rows.count - labelled.count)
    }

    static func accumulate(_ detection: LandmarkDetection, row: ManifestRow, width: Int,
                           disc: inout PointDistanceMetrics, fovea: inout PointDistanceMetrics) {
        if let truth = row.opticDiscCenter {
            let radius = row.opticDisc.map { ($0.width + $0.height) / 4 }
            disc.update(predicted: detection.opticDisc.point, truth: truth, imageWidth: width, tolerance: radius)
        }
        if let truth = row.fovea {
            fovea.update(predicted: detection.fovea.point, truth: truth, imageWidth: width)
        }
    }

    static func aggregate(disc: PointDistanceMetrics, fovea: PointDistanceMetrics) -> [String: Double] {
        [
            "od_error_median_norm": disc.medianNormalizedError,
            "od_within_radius": disc.withinToleranceRate,
            "od_n": Double(disc.count),
            "fovea_error_median_norm": fovea.medianNormalizedError,
            "fovea_n": Double(fovea.count),
        ]
    }
}
