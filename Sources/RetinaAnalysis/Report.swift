import Foundation
import FundusImaging
import RetinaModels

/// The report on one photograph (DESIGN.md): identity and model versions, the
/// image's size, one object per analysis with its confidence, warnings, and
/// the time each step took. Every coordinate is in the pixels of the photograph
/// as it was sent.
public struct Report: Codable, Sendable, Equatable {
    public var id: String
    public var modelVersions: [String: String]
    public var image: ImageSize
    public var tasks: [AnalysisTask]
    /// The camera family, where the file's EXIF tags or its frame tell it.
    public var camera: CameraIdentification?
    public var quality: QualityAssessment?
    public var laterality: LateralityAssessment?
    public var landmarks: LandmarkDetection?
    /// Zone I and the posterior zone II estimate; nil when disc or fovea was not found.
    public var zone: ZoneGeometry?
    public var vessels: VesselReport?
    public var lesion: LesionReport?
    public var ridge: RidgeReport?
    /// The ROP finding (infant photographs), with its ridge evidence and Grad-CAM.
    public var rop: ROPReport?
    public var explanations: [Explanation]?
    /// What a reader must know before trusting the report (ungradable photograph,
    /// laterality disagreement, landmark not found…).
    public var warnings: [String]
    public var timingsMs: [String: Double]

    public struct ImageSize: Codable, Sendable, Equatable {
        public var width: Int
        public var height: Int
    }

    public init(id: String, image: Size, tasks: [AnalysisTask]) {
        self.id = id
        self.image = ImageSize(width: image.width, height: image.height)
        self.tasks = tasks
        modelVersions = [:]
        warnings = []
        timingsMs = [:]
    }

    /// The pipeline stopped at the quality gate: the photograph is not a fundus photograph.
    public var isNotAFundus: Bool { quality?.isFundus == false }
}
