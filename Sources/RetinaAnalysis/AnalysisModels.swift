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

    /// What each U-Net runs in, by model name (see `ModelPrecision`).
    public var arithmetic: [String: ModelPrecision.Arithmetic] = [:]

    /// Every model found in `root` (`Models/<task>`); a folder that is there but
    /// does not load is an error, not a silently missing analysis. The U-Nets run
    /// in the arithmetic `precision` chooses for each (`prepare`); every other network
    /// in its float32 inference form (`InferencePreparable`; without `inferenceForm`,
    /// everything as loaded: for comparison, or should a layer misbehave in it).
    /// bfloat16 was measured with `evaluate --bfloat16`: vessel F1 at a 512-px field of
    /// view unchanged to 3 decimals on DRIVE, CHASE_DB1 and HRF, ridge Dice 0.6256
    /// against 0.6255; the landmark U-Net stays out of bfloat16: its IDRiD fovea error
    /// grew from 1.61% to 1.76% of the width (landmarks 1.1.0, before the fovea refinement).
    public static func bundled(root: URL = ModelBundle.bundledRoot(), precision: ModelPrecision = .automatic, inferenceForm: Bool = true) throws -> AnalysisModels {
        func bundle(_ name: String) throws -> ModelBundle? {
            let directory = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(ModelCard.fileName).path) else { return nil }
            return try ModelBundle(directory: directory)
        }
        var models = AnalysisModels()
        models.quality = try bundle("quality").map(FundusClassifier.init(bundle:))
        models.laterality = try bundle("laterality").map(LateralityClassifier.init(bundle:))
        models.lesion = try bundle("lesion").map(FundusClassifier.init(bundle:))
        models.rop = try bundle("rop").map(FundusClassifier.init(bundle:))
        if let landmarks = try bundle("landmarks") {
            models.landmarks = LandmarkDetector(bundle: landmarks)
            try models.prepare(models.landmarks?.unet, of: landmarks, precision: precision, bfloat16Allowed: false, inferenceForm: inferenceForm)
        }
        if let infant = try bundle("landmarks-infant") {
            models.infantLandmarks = LandmarkDetector(bundle: infant)
            try models.prepare(models.infantLandmarks?.unet, of: infant, precision: precision, bfloat16Allowed: false, inferenceForm: inferenceForm)
        }
        if let vessels = try bundle("vessels") {
            models.vessels = Segmenter(bundle: vessels)
            try models.prepare(models.vessels?.unet, of: vessels, precision: precision, inferenceForm: inferenceForm)
        }
        if let ridge = try bundle("ridge") {
            models.ridge = Segmenter(bundle: ridge)
            try models.prepare(models.ridge?.unet, of: ridge, precision: precision, inferenceForm: inferenceForm)
        }
        guard inferenceForm else { return models }
        for classifier in [models.quality, models.laterality?.classifier, models.lesion, models.rop] { try classifier?.prepareForInference() }
        return models
    }

    /// Puts the U-Net of `bundle` in the arithmetic `precision` chooses for it, before
    /// the model serves, and records the choice. Without `inferenceForm` and outside int8
    /// and bfloat16 it stays as loaded.
    mutating func prepare(_ unet: UNet?, of bundle: ModelBundle, precision: ModelPrecision, bfloat16Allowed: Bool = true,
                          inferenceForm: Bool = true) throws {
        guard let unet else { return }
        let ranges = try UNetActivationRanges.read(from: bundle.directory)
        let chosen = precision.arithmetic(on: Runtime.cpu, calibrated: ranges != nil, bfloat16Allowed: bfloat16Allowed)
        switch chosen {
        case .int8: if let ranges { try unet.useInt8(ranges) }
        case .bfloat16: try unet.useReducedPrecision()
        case .float32: if inferenceForm { try unet.prepareForInference() }
        }
        arithmetic[bundle.card.name] = chosen
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
    /// model (a U-Net in the arithmetic `precision` chooses, see `prepare`). A landmark
    /// detector takes the place `landmarkPlace` says (by default both: every photograph is then
    /// read by the model being measured).
    public mutating func replace(_ task: AnalysisTask, with bundle: ModelBundle, precision: ModelPrecision = .automatic,
                                 landmarkPlace: LandmarkPlace = .all) throws {
        guard bundle.card.task == task else { throw ModelBundleError(model: bundle.card.name, "is a \(bundle.card.task.rawValue) model, not \(task.rawValue)") }
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
            try prepare(detector.unet, of: bundle, precision: precision, bfloat16Allowed: false)
            switch landmarkPlace {
            case .all: (landmarks, infantLandmarks) = (detector, detector)
            case .general: landmarks = detector
            case .infantCameras: infantLandmarks = detector
            }
        case .vessels, .ridge:
            let segmenter = Segmenter(bundle: bundle)
            try prepare(segmenter.unet, of: bundle, precision: precision)
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
