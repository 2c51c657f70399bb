import Foundation
import FundusImaging
import RetinaAnnotation
import RetinaData
import RetinaMonitoring
import RetinaStore

/// Takes a labelled-data snapshot: every photograph of the given projects with a reference
/// (adjudicated, or agreed by all its annotators) and every analysis a doctor confirmed (ROP
/// yes or no) whose photograph is still kept, as one training manifest (photographs named by
/// content hash, split by hash), with the references' labels and the feedback as given. A
/// photograph of a locked evaluation set is left out: those are never trained on. The content
/// holds no time and is encoded with sorted keys, so the same data gives the same hash.
struct DataSnapshotBuilder {
    let registry: any ModelRegistry & AnnotationRepository
    let annotation: AnnotationService
    let analyses: (any AnalysisRepository)?
    let feedback: (any MonitoringRepository)?

    /// What a snapshot file holds.
    struct Content: Codable, Equatable {
        /// The training manifest (DESIGN.md's header); `image` is `images/<sha256>`.
        var manifest: String
        /// Photograph id → its reference labels.
        var labels: [String: [String: LabelValue]]
        /// Analysis id → the doctor's feedback and the photograph's hash.
        var feedback: [String: Feedback]
        /// Hashes of the photographs left out for being in a locked set.
        var lockedOut: [String]

        struct Feedback: Codable, Equatable {
            var imageSHA256: String
            var feedback: DoctorFeedback
        }
    }

    func build(projects: [String], actor: String, atMs: Int64) async throws -> (DataSnapshot, [UInt8]) {
        var locked = Set<String>()
        for task in RegistryService.judgedTasks { locked.formUnion(try await registry.lockedSet(task: task.rawValue).map(\.imageSHA256)) }
        var rows: [String: [String]] = [:]
        var content = Content(manifest: "", labels: [:], feedback: [:], lockedOut: [])
        var lockedOut = Set<String>()
        for projectID in projects.sorted() {
            guard let project = try await registry.project(id: projectID) else { throw APIError(.notFound, "no project '\(projectID)'") }
            let photographs = Dictionary(uniqueKeysWithValues: try await registry.photographs(of: projectID).map { ($0.id, $0) })
            for (photographID, reference) in try await annotation.references(of: project) {
                guard let photograph = photographs[photographID] else { continue }
                let labels = reference.labels
                let diagnosis = ManifestExport.diagnosis(stage: labels[LabelSchema.ICROP3Field.stage]?.option,
                                                         aggressiveROP: labels[LabelSchema.ICROP3Field.aggressiveROP]?.option)
                if locked.contains(photograph.imageSHA256) {
                    lockedOut.insert(photograph.imageSHA256)
                    continue
                }
                content.labels[photographID] = labels
                rows[photograph.imageSHA256] = Self.row(sha256: photograph.imageSHA256, eye: labels[LabelSchema.ICROP3Field.eye]?.option, diagnosis: diagnosis)
            }
        }
        if let feedback, let analyses {
            for confirmation in try await feedback.confirmations(since: .distantPast, limit: 1_000_000) {
                guard let given = try await feedback.feedback(analysisID: confirmation.analysisID), let rop = given.feedback.rop,
                      let analysis = try await analyses.analysis(id: confirmation.analysisID), analysis.imageStored else { continue }
                if locked.contains(analysis.imageSHA256) {
                    lockedOut.insert(analysis.imageSHA256)
                    continue
                }
                content.feedback[confirmation.analysisID] = Content.Feedback(imageSHA256: analysis.imageSHA256, feedback: given.feedback)
                // A photograph both labelled in a project and confirmed keeps its project reference.
                if rows[analysis.imageSHA256] == nil {
                    rows[analysis.imageSHA256] = Self.row(sha256: analysis.imageSHA256, eye: given.feedback.eye?.rawValue, diagnosis: rop ? "rop" : "normal")
                }
            }
        }
        content.lockedOut = lockedOut.sorted()
        content.manifest = ([CSV.record(Manifest.columns)] + rows.keys.sorted().map { CSV.record(rows[$0] ?? []) }).joined(separator: "\n") + "\n"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = [UInt8](try encoder.encode(content))
        let positives = rows.values.count(where: { $0[4] == "rop" })
        let snapshot = DataSnapshot(content: bytes, photographs: rows.count, positives: positives, feedback: content.feedback.count,
                                    lockedOut: lockedOut.count, projects: projects.sorted(), createdBy: actor, atMs: atMs)
        return (snapshot, bytes)
    }

    /// A manifest row; the split falls by the photograph's hash (about one in five to validation), so it never moves between snapshots.
    static func row(sha256: String, eye: String?, diagnosis: String) -> [String] {
        let split = (sha256.first.flatMap { Int(String($0), radix: 16) } ?? 0) < 13 ? "train" : "validation"
        var fields = [String](repeating: "", count: Manifest.columns.count)
        fields[0] = "images/\(sha256)"
        fields[1] = split
        fields[2] = ["left", "right"].contains(eye ?? "") ? eye ?? "" : ""
        fields[4] = diagnosis
        return fields
    }
}
