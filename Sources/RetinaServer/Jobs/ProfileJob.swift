import Foundation
import RetinaAnalysis
import RetinaData
import RetinaModels
import RetinaMonitoring
import RetinaStore

/// `profile`: recomputes a model's reference profile (what monitoring compares the
/// server's photographs with) from manifests under the import root, through the worker's
/// own models, as `ropscreen profile` does on one machine. The profile is written, atomically,
/// to `<data folder>/profiles/<job id>/reference-profile.json` — never over the served
/// models' files: an operator installs it beside the card after reading it.
public struct ProfileJob: JobHandler {
    public let type = "profile"
    let pipeline: AnalysisPipeline
    let configuration: ServerConfiguration

    public init(pipeline: AnalysisPipeline, configuration: ServerConfiguration) {
        (self.pipeline, self.configuration) = (pipeline, configuration)
    }

    /// The job's payload: manifests under the import root, the split to profile (`all` for
    /// every row), and whose reference it is (`quality` or `rop`).
    public struct Payload: Codable, Sendable {
        public var manifests: [String]
        public var split: String?
        public var model: AnalysisTask?

        public init(manifests: [String], split: String? = nil, model: AnalysisTask? = nil) {
            (self.manifests, self.split, self.model) = (manifests, split, model)
        }

        /// Refuses a payload no worker could run, before it is queued.
        public func validate() throws {
            if manifests.isEmpty { throw APIError(.invalidParameter, "a profile job names at least one manifest") }
            try Self.validate(split: split, model: model)
        }

        static func validate(split: String?, model: AnalysisTask?) throws {
            if let split, split != "all", Split(rawValue: split) == nil { throw APIError(.invalidParameter, "unknown split '\(split)'") }
            if let model, model != .quality, model != .rop { throw APIError(.invalidParameter, "reference profiles are for the quality and rop models") }
        }
    }

    public struct Outcome: Codable, Sendable, Equatable {
        public var model: AnalysisTask
        public var photographs: Int
        public var profiled: Int
        public var notAFundus: Int
        public var failed: Int
        /// Relative to the data folder.
        public var profile: String
    }

    public func run(_ job: Job, report: @Sendable (Double, String) async throws -> Bool) async throws -> String {
        guard let root = configuration.importRoot else { throw APIError(.forbidden, "this worker has no import root (--import-root)") }
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        try payload.validate()
        let model = payload.model ?? .quality
        let profiler = ManifestProfiler(pipeline: pipeline, tasks: model == .rop ? [.quality, .rop] : [.quality], limits: configuration.decodingLimits)
        guard let card = pipeline.models.card(for: model) else { throw APIError(.invalidParameter, "this worker has no \(model.rawValue) model") }
        let calibrated: ManifestProfiler.Calibrated = model == .rop ? .rop(threshold: card.threshold) : .quality
        let split = payload.split.flatMap(Split.init(rawValue:)) ?? (payload.split == "all" ? nil : .train)
        var rows: [ManifestRow] = []
        for path in payload.manifests {
            let manifest = try Manifest(contentsOf: try ProjectSource.resolve(path, under: root))
            rows += split.map(manifest.rows(in:)) ?? manifest.rows
        }
        var profiled: [ManifestProfiler.Profiled] = []
        var outcome = Outcome(model: model, photographs: rows.count, profiled: 0, notAFundus: 0, failed: 0, profile: "")
        for (index, row) in rows.enumerated() {
            guard try await report(Double(index) / Double(max(1, rows.count)), "\(index)/\(rows.count)") else { throw JobStopped() }
            do {
                if let entry = try profiler.profile(row) { profiled.append(entry) } else { outcome.notAFundus += 1 }
            } catch {
                outcome.failed += 1
            }
        }
        outcome.profiled = profiled.count
        let reference = try ManifestProfiler.reference(of: profiled, calibrating: calibrated)
        outcome.profile = "profiles/\(job.id)/\(ReferenceProfile.fileName)"
        let destination = configuration.dataDirectory.appendingPathComponent(outcome.profile)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try reference.jsonData().write(to: destination, options: .atomic)
        _ = try await report(1, "\(rows.count)/\(rows.count)")
        return String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
    }
}
