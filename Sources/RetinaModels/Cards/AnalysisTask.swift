/// The product's one task vocabulary: an analysis of the report, and what a
/// model card, a recipe and an evaluation are about. Zone I and the
/// plus-disease biomarkers come with `landmarks` (and `vessels`).
public enum AnalysisTask: String, CaseIterable, Codable, Sendable, Comparable {
    case quality, laterality, landmarks, vessels, lesion, ridge, rop

    /// What a report holds unless asked otherwise: everything but the adult
    /// lesion model, which stays available by name (`lesion`). An infant's
    /// screening report carries the ROP finding instead.
    public static let defaultTasks: Set<AnalysisTask> = Set(allCases).subtracting([.lesion])

    public static func < (a: AnalysisTask, b: AnalysisTask) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a comma-separated list; throws `unknown` with the first name that is not a task.
    public static func parse(_ list: [String]) throws(UnknownTask) -> Set<AnalysisTask> {
        var tasks: Set<AnalysisTask> = []
        for name in list {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let task = AnalysisTask(rawValue: trimmed) else { throw UnknownTask(name: trimmed) }
            tasks.insert(task)
        }
        return tasks
    }

    /// A task name that is not one of `AnalysisTask`.
    public struct UnknownTask: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "unknown task '\(name)' (known: \(AnalysisTask.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
