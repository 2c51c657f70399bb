import RetinaAnalysis
import Synchronization

/// The models behind new reports, replaced whole when a task's `production` alias moves
/// (`ProductionWatcher`), and the candidate that shadows them. A batch takes the pipeline
/// once, so every report is made by one consistent set of models.
public final class CurrentModels: Sendable {
    /// What a server serves: the pipeline, which registry version answers each task
    /// (a task without one uses the bundled model), and the candidate shadowing production.
    public struct State: Sendable {
        public var pipeline: AnalysisPipeline
        /// Task → the registry version now in production.
        public var production: [String: String]
        public var shadow: Shadow?
    }

    /// A candidate run beside production: its version and the pipeline with it in place of production's model.
    public struct Shadow: Sendable {
        public var task: String
        public var candidateID: String
        public var pipeline: AnalysisPipeline
    }

    private let state: Mutex<State>
    /// The models the server started with (the bundled ones), under any registry version.
    public let bundled: AnalysisModels

    public init(_ models: AnalysisModels) {
        bundled = models
        state = Mutex(State(pipeline: AnalysisPipeline(models: models), production: [:], shadow: nil))
    }

    public var current: State { state.withLock { $0 } }
    public var pipeline: AnalysisPipeline { state.withLock { $0.pipeline } }

    func replace(_ new: State) { state.withLock { $0 = new } }
}
