import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaModels
import RetinaStore

/// `reanalyse`: every photograph of an archive (a folder or a manifest under the import
/// root) analysed with the current models and stored, exactly once per photograph even
/// when a worker dies mid-job: each photograph's analysis id is derived from the job and
/// the photograph, and one already stored is skipped.
public struct ReanalysisJob: JobHandler {
    public let type = "reanalyse"
    let pipeline: AnalysisPipeline
    let store: any AnalysisRepository
    let configuration: ServerConfiguration

    public init(pipeline: AnalysisPipeline, store: any AnalysisRepository, configuration: ServerConfiguration) {
        (self.pipeline, self.store, self.configuration) = (pipeline, store, configuration)
    }

    /// The job's payload: exactly one of `folder` and `manifest`, under the import root.
    public struct Payload: Codable, Sendable {
        public var folder: String?
        public var manifest: String?
        /// The analyses to run (default: the report's default ones).
        public var tasks: [AnalysisTask]?

        public init(folder: String? = nil, manifest: String? = nil, tasks: [AnalysisTask]? = nil) {
            (self.folder, self.manifest, self.tasks) = (folder, manifest, tasks)
        }

        var source: ProjectSource {
            get throws {
                switch (folder, manifest) {
                case (let folder?, nil): return .folder(path: folder)
                case (nil, let manifest?): return .manifest(path: manifest, split: nil)
                default: throw APIError(.invalidParameter, "a reanalyse job names exactly one of folder and manifest")
                }
            }
        }
    }

    public struct Outcome: Codable, Sendable, Equatable {
        public var photographs: Int
        public var analysed: Int
        public var alreadyStored: Int
        public var failed: Int
    }

    /// The id of the analysis of the photograph at `path` by job `jobID`.
    public static func analysisID(job jobID: String, path: String) -> String {
        "reanalysis-" + String(ImageStore.hash(Array("\(jobID)\n\(path)".utf8)).prefix(32))
    }

    public func run(_ job: Job, report: @Sendable (Double, String) async throws -> Bool) async throws -> String {
        guard let root = configuration.importRoot else { throw APIError(.forbidden, "this worker has no import root (--import-root)") }
        let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
        let items = try payload.source.items(root: root, schema: .icrop3, limit: nil)
        var outcome = Outcome(photographs: items.count, analysed: 0, alreadyStored: 0, failed: 0)
        for (index, item) in items.enumerated() {
            guard try await report(Double(index) / Double(max(1, items.count)), "\(index)/\(items.count)") else { throw JobStopped() }
            let id = Self.analysisID(job: job.id, path: item.relativePath)
            if try await store.analysis(id: id) != nil {
                outcome.alreadyStored += 1
                continue
            }
            do {
                let bytes = try [UInt8](Data(contentsOf: item.image))
                let photo = try FundusImage.decode(bytes, limits: configuration.decodingLimits)
                var options = AnalysisOptions(tasks: payload.tasks.map(Set.init) ?? AnalysisTask.defaultTasks)
                options.vesselFieldDiameter = configuration.vesselFieldDiameter
                let result = try pipeline.analyze(photo, options: options, id: id)
                try await store.save(result.report, image: bytes)
                outcome.analysed += 1
            } catch {
                outcome.failed += 1
            }
        }
        _ = try await report(1, "\(items.count)/\(items.count)")
        return String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
    }
}
