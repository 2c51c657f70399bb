import Foundation
import FundusImaging
import RetinaModels
import Torch

/// The models a pipeline runs; an absent one leaves its analysis out.
public struct AnalysisModels: Sendable {
    public var quality: FundusClassifier?
    public var laterality: LateralityClassifier?
    public var landmarks: LandmarkDetector?
    /// The disc and fovea detector for infant cameras (RetCam, Neo), where the adult one does not hold.
    public var infantLandmarks: LandmarkDetector?
    public var vessels: Segmenter?
    public var lesion: FundusClassifier?
    public var ridge: Segmenter?
    /// ROP versus normal on infant photographs.
    public var rop: FundusClassifier?

    public init(quality: FundusClassifier? = nil, laterality: LateralityClassifier? = nil, landmarks: LandmarkDetector? = nil,
                vessels: Segmenter? = nil, lesion: FundusClassifier? = nil, ridge: Segmenter? = nil, rop: FundusClassifier? = nil) {
        self.quality = quality
        self.laterality = laterality
        self.landmarks = landmarks
        self.vessels = vessels
        self.lesion = lesion
        self.ridge = ridge
        self.rop = rop
    }

    /// Every model found in `root` (`Models/<task>`); a folder that is there but
    /// does not load is an error, not a silently missing analysis.
    /// The bundled models; in bfloat16 (`precision`; by default where the CPU computes
    /// it natively), the vessel and ridge U-Nets compute in bfloat16, else in their
    /// float32 inference form, as every other network does (`InferencePreparable`; without
    /// `inferenceForm`, as loaded: for comparison, or should a layer misbehave in it). Measured
    /// with `evaluate --bfloat16`: vessel F1 at a 512-px field of view unchanged to
    /// 3 decimals on DRIVE, CHASE_DB1 and HRF, ridge Dice 0.6256 against 0.6255. The
    /// landmark U-Net stays in float32: in bfloat16 its IDRiD fovea error grew
    /// from 1.61% to 1.76% of the width (landmarks 1.1.0, before the fovea refinement).
    public static func bundled(root: URL = ModelBundle.bundledRoot(), precision: ModelPrecision = .automatic, inferenceForm: Bool = true) throws -> AnalysisModels {
        let reducedPrecision = precision.usesBFloat16(on: Runtime.cpu)
        func bundle(_ name: String) throws -> ModelBundle? {
            let directory = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(ModelCard.fileName).path) else { return nil }
            return try ModelBundle(directory: directory)
        }
        var models = AnalysisModels()
        models.quality = try bundle("quality").map(FundusClassifier.init(bundle:))
        models.laterality = try bundle("laterality").map(LateralityClassifier.init(bundle:))
        models.landmarks = try bundle("landmarks").map(LandmarkDetector.init(bundle:))
        models.infantLandmarks = try bundle("landmarks-infant").map(LandmarkDetector.init(bundle:))
        models.vessels = try bundle("vessels").map(Segmenter.init(bundle:))
        models.lesion = try bundle("lesion").map(FundusClassifier.init(bundle:))
        models.ridge = try bundle("ridge").map(Segmenter.init(bundle:))
        models.rop = try bundle("rop").map(FundusClassifier.init(bundle:))
        if reducedPrecision {
            try models.vessels?.useReducedPrecision()
            try models.ridge?.useReducedPrecision()
        } else if inferenceForm {
            try models.vessels?.prepareForInference()
            try models.ridge?.prepareForInference()
        }
        guard inferenceForm else { return models }
        try models.landmarks?.prepareForInference()
        try models.infantLandmarks?.prepareForInference()
        for classifier in [models.quality, models.laterality?.classifier, models.lesion, models.rop] { try classifier?.prepareForInference() }
        return models
    }

    /// Which photographs a replacing landmark detector reads.
    public enum LandmarkPlace: Sendable {
        /// Every photograph: it takes both places.
        case all
        /// Those of other cameras than the infant ones: the general detector's place.
        case general
        /// The infant cameras' photographs (RetCam, Neo): the infant detector's place.
        case infantCameras
    }

    /// Puts the model of `bundle` in `task`'s place, prepared as `bundled` prepares that task's
    /// model (bfloat16 where `precision` chooses it, else the inference form). A landmark
    /// detector takes the place `landmarkPlace` says (by default both: every photograph is then
    /// read by the model being measured).
    public mutating func replace(_ task: AnalysisTask, with bundle: ModelBundle, precision: ModelPrecision = .automatic,
                                 landmarkPlace: LandmarkPlace = .all) throws {
        guard bundle.card.task == task else { throw ModelBundleError(model: bundle.card.name, "is a \(bundle.card.task.rawValue) model, not \(task.rawValue)") }
        let reducedPrecision = precision.usesBFloat16(on: Runtime.cpu)
        switch task {
        case .quality, .lesion, .rop:
            let classifier = try FundusClassifier(bundle: bundle)
            try classifier.prepareForInference()
            if task == .quality { quality = classifier } else if task == .lesion { lesion = classifier } else { rop = classifier }
        case .laterality:
            let classifier = try LateralityClassifier(bundle: bundle)
            try classifier.classifier.prepareForInference()
            laterality = classifier
        case .landmarks:
            let detector = LandmarkDetector(bundle: bundle)
            try detector.prepareForInference()
            switch landmarkPlace {
            case .all: (landmarks, infantLandmarks) = (detector, detector)
            case .general: landmarks = detector
            case .infantCameras: infantLandmarks = detector
            }
        case .vessels, .ridge:
            let segmenter = Segmenter(bundle: bundle)
            if reducedPrecision { try segmenter.useReducedPrecision() } else { try segmenter.prepareForInference() }
            if task == .vessels { vessels = segmenter } else { ridge = segmenter }
        }
    }

    /// The card of every model present, one per task, in the order of `AnalysisTask`.
    public var cards: [ModelCard] {
        AnalysisTask.allCases.compactMap(card) + [infantLandmarks?.card].compactMap { $0 }
    }

    /// The landmark detector for a photograph of `camera`: the infant one for the infant
    /// cameras' photographs when bundled, else the general one.
    public func landmarks(for camera: CameraIdentification?) -> LandmarkDetector? {
        if let family = camera?.family, CameraIdentification.families.contains(family), let infantLandmarks { return infantLandmarks }
        return landmarks
    }

    /// The card of the model that answers `task`, if present.
    public func card(for task: AnalysisTask) -> ModelCard? {
        switch task {
        case .quality: quality?.card
        case .laterality: laterality?.card
        case .landmarks: landmarks?.card
        case .vessels: vessels?.card
        case .lesion: lesion?.card
        case .ridge: ridge?.card
        case .rop: rop?.card
        }
    }

    /// Name → version of every model present.
    public var versions: [String: String] {
        Dictionary(cards.map { ($0.name, $0.version) }) { first, _ in first }
    }

    /// The tasks these models can answer.
    public var available: Set<AnalysisTask> {
        Set(AnalysisTask.allCases.filter { card(for: $0) != nil })
    }
}
