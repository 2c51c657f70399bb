/// What a report contains and how the models are run.
public struct AnalysisOptions: Sendable, Equatable {
    public var tasks: Set<AnalysisTask>
    /// Grad-CAM maps for the lesion and quality classifiers.
    public var explain: Bool
    /// Put the vessel mask, the ridge map and the Grad-CAM maps in the report as base64 PNG.
    public var includeImages: Bool
    /// Vessels run on the field of view scaled to this diameter, the scale the
    /// model was trained at (nil: the photograph's own resolution, slower on
    /// large photographs).
    public var vesselFieldDiameter: Int?
    /// Average the vessel map with that of the mirrored photograph, as the card's
    /// evaluation did (twice the time for +0.0005 AUC on DRIVE): off for reports.
    public var vesselMirrorAveraging: Bool

    public init(tasks: Set<AnalysisTask> = Set(AnalysisTask.allCases), explain: Bool = false, includeImages: Bool = true,
                vesselFieldDiameter: Int? = 576, vesselMirrorAveraging: Bool = false) {
        self.tasks = tasks
        self.explain = explain
        self.includeImages = includeImages
        self.vesselFieldDiameter = vesselFieldDiameter
        self.vesselMirrorAveraging = vesselMirrorAveraging
    }
}
