import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaData
import RetinaModels
import RetinaTraining

/// Measures what a doctor reads: every manifest row goes through the same
/// `AnalysisPipeline` and `AnalysisOptions` as `POST /v1/analyses` (quality
/// gate, field diameter, precision, thresholds, found / not-found decisions),
/// and the figures are computed from the reports themselves. A photograph
/// that the quality gate stops, or whose landmark is "not found", counts as
/// the report gives it, never as the model's raw output would.
public struct ReportPathEvaluation: Sendable {
    public let pipeline: AnalysisPipeline
    public let options: AnalysisOptions

    /// The server's defaults (`AnalysisOptions()`) without images in the reports.
    public init(models: AnalysisModels, options: AnalysisOptions = AnalysisOptions(includeImages: false)) {
        pipeline = AnalysisPipeline(models: models)
        self.options = options
    }

    /// One row's report, and how its vessel map compares with the row's mask.
    public struct Outcome: Sendable {
        public let row: ManifestRow
        /// Nil when the photograph could not be analysed (`error` says why).
        public let report: Report?
        public let error: String?
        /// The report's vessel mask against the row's `vessel_mask`, inside the field of view.
        public let vessels: PixelCounts?
        /// The report's ridge map at the ridge model's threshold against the row's ridge (`extra_mask`;
        /// empty for an infant eye diagnosed normal), inside the field of view.
        public var ridge: PixelCounts? = nil
    }

    /// Pixel counts of a binary mask against the truth.
    public struct PixelCounts: Sendable {
        public var truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0

        public mutating func add(_ other: PixelCounts) {
            truePositives += other.truePositives
            falsePositives += other.falsePositives
            trueNegatives += other.trueNegatives
            falseNegatives += other.falseNegatives
        }

        public var f1: Double { Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }
        public var sensitivity: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
        public var specificity: Double { Self.ratio(trueNegatives, trueNegatives + falsePositives) }
        public var accuracy: Double { Self.ratio(truePositives + trueNegatives, truePositives + falsePositives + trueNegatives + falseNegatives) }

        static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? .nan : Double(a) / Double(b) }
    }

    /// Reports for `rows`, in order; a row that fails is an outcome with its error, not an abort.
    public func outcomes(for rows: [ManifestRow], dataset: String) -> [Outcome] {
        rows.map { row in
            do {
                let photo = try FundusImage.decode([UInt8](Data(contentsOf: row.image)))
                let result = try pipeline.analyze(photo, options: options)
                let ridgeMask = try pipeline.models.ridge.flatMap { model in try result.ridgeMap?.mask(threshold: model.card.threshold) }
                return Outcome(row: row, report: result.report, error: nil,
                               vessels: try agreement(result.vesselMask, row: row, dataset: dataset, target: .vessels),
                               ridge: try agreement(ridgeMask, row: row, dataset: dataset, target: .ridge))
            } catch {
                return Outcome(row: row, report: nil, error: "\(error)", vessels: nil)
            }
        }
    }

    /// Pixel agreement of a binary mask of the report with the row's mask of `target` (a report
    /// without one, stopped at the quality gate say, marks every pixel negative).
    func agreement(_ mask: Bitmap?, row: ManifestRow, dataset: String, target: SegmentationTarget) throws -> PixelCounts? {
        guard options.tasks.contains(target == .vessels ? .vessels : .ridge), target.isLabelled(row) else { return nil }
        let sample = try SegmentationSample(row: row, dataset: dataset, target: target)
        var mask = mask
        if let drawn = mask, drawn.width != sample.mask.width || drawn.height != sample.mask.height {
            mask = try drawn.resized(to: Size(width: sample.mask.width, height: sample.mask.height), interpolation: .nearest)
        }
        var counts = PixelCounts()
        for i in sample.mask.pixels.indices where sample.fieldOfView.pixels[i] > 127 {
            switch ((mask?.pixels[i] ?? 0) > 127, sample.mask.pixels[i] > 127) {
            case (true, true): counts.truePositives += 1
            case (true, false): counts.falsePositives += 1
            case (false, false): counts.trueNegatives += 1
            case (false, true): counts.falseNegatives += 1
            }
        }
        return counts
    }
}
