import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaData
import RetinaModels

/// Profiles the photographs of a manifest as the server profiles what it analyses: through
/// the pipeline when there is one (photographs it calls not a fundus are left out, since the
/// server stores and profiles none of those), else by measurement alone, without any model.
public struct ManifestProfiler: Sendable {
    /// A manifest row's profile, with the report when the pipeline ran.
    public struct Profiled: Sendable {
        public var row: ManifestRow
        public var profile: InputProfile
        public var report: Report?
    }

    /// Whose score a reference calibrates for CBPE, and the labels it is calibrated on.
    public enum Calibrated: Sendable {
        /// p(good) against the manifest's quality (`good` positive), predicted good from 0.5:
        /// the card's rule (the more probable of good and bad, unless an outlier) but for outliers.
        case quality
        /// p(ROP) against the diagnosis (`rop` positive, `normal` negative) at the card's threshold.
        case rop(threshold: Double)

        var scoreFeature: NumericFeature { if case .quality = self { .qualityScore } else { .ropProbability } }
        var threshold: Double { if case .rop(let threshold) = self { threshold } else { 0.5 } }

        func label(of row: ManifestRow) -> Bool? {
            switch self {
            case .quality: row.quality.map { $0 == .good }
            case .rop: row.diagnosis == "rop" ? true : row.diagnosis == "normal" ? false : nil
            }
        }
    }

    public var pipeline: AnalysisPipeline?
    public var tasks: Set<AnalysisTask>
    public var limits: DecodingLimits

    public init(pipeline: AnalysisPipeline? = nil, tasks: Set<AnalysisTask> = [.quality], limits: DecodingLimits = DecodingLimits()) {
        self.pipeline = pipeline
        self.tasks = tasks
        self.limits = limits
    }

    /// nil when the pipeline stops the photograph at the quality gate (not a fundus).
    public func profile(_ row: ManifestRow) throws -> Profiled? {
        let photo = try FundusImage.decode([UInt8](Data(contentsOf: row.image)), limits: limits)
        if let pipeline {
            let result = try pipeline.analyze(photo, options: AnalysisOptions(tasks: tasks, includeImages: false))
            guard !result.report.isNotAFundus else { return nil }
            let fieldOfView = try result.fieldOfView ?? FieldOfView.detect(in: photo.image)
            let profile = try InputProfile(report: result.report, photograph: photo, fieldOfView: fieldOfView, site: nil,
                                           embedding: result.qualityFeatures)
            return Profiled(row: row, profile: profile, report: result.report)
        }
        return Profiled(row: row, profile: try InputProfile(measuring: photo), report: nil)
    }

    public func profiles(_ rows: [ManifestRow]) throws -> [Profiled] {
        try rows.compactMap(profile)
    }

    /// The reference profile of `profiled`, with the score calibrated on the rows' labels when asked.
    public static func reference(of profiled: [Profiled], calibrating calibrated: Calibrated? = nil,
                                 configuration: ReferenceProfile.Configuration = .init()) throws -> ReferenceProfile {
        var reference = try ReferenceProfile(profiles: profiled.map(\.profile), configuration: configuration)
        if let calibrated {
            var scores: [Double] = []
            var labels: [Bool] = []
            for entry in profiled {
                guard let label = calibrated.label(of: entry.row), let score = entry.profile[calibrated.scoreFeature] else { continue }
                scores.append(score)
                labels.append(label)
            }
            reference.calibration = ReferenceCalibration(
                scoreFeature: calibrated.scoreFeature.rawValue, threshold: calibrated.threshold,
                calibration: try ScoreCalibration(method: .isotonic, scores: scores, labels: labels), count: scores.count)
        }
        return reference
    }
}
