import RetinaModels

/// What a report contains and how the models are run.
public struct AnalysisOptions: Sendable, Equatable {
    public var tasks: Set<AnalysisTask>
    /// Grad-CAM maps for the quality, lesion and ROP classifiers.
    public var explain: Bool
    /// Put the vessel mask, the ridge map and the Grad-CAM maps in the report as base64 PNG.
    public var includeImages: Bool
    /// Vessels run on the field of view scaled to this diameter, about the scale
    /// the model was trained at (nil: the photograph's own resolution, slower on
    /// large photographs). Test F1 at the original pixels (`evaluate
    /// --field-diameter`): 576 → DRIVE 0.805, CHASE_DB1 0.773, HRF 0.713;
    /// 512 → 0.803, 0.762, 0.690; 448 → 0.797, 0.750, 0.660 (HRF at full
    /// resolution: 0.806). 512 keeps a full report under a second (`bench/`).
    public var vesselFieldDiameter: Int?
    /// Average the vessel map with that of the mirrored photograph, as the card's
    /// evaluation did (twice the time for +0.0005 AUC on DRIVE): off for reports.
    public var vesselMirrorAveraging: Bool

    public init(tasks: Set<AnalysisTask> = AnalysisTask.defaultTasks, explain: Bool = false, includeImages: Bool = true,
                vesselFieldDiameter: Int? = 512, vesselMirrorAveraging: Bool = false) {
        self.tasks = tasks
        self.explain = explain
        self.includeImages = includeImages
        self.vesselFieldDiameter = vesselFieldDiameter
        self.vesselMirrorAveraging = vesselMirrorAveraging
    }
}
