import Foundation
import FundusImaging
import RetinaModels

/// The pipeline of DESIGN.md over a set of models: field of view, quality gate
/// (a photograph that is not a fundus stops there; an ungradable one is still
/// analysed, with a warning), then laterality, landmarks, vessels, ridge, the
/// ROP finding (and the adult lesion model when asked), zone I and the plus
/// biomarkers, each mapped back to the photograph's pixels, with the time of
/// each step.
public struct AnalysisPipeline: Sendable {
    public let models: AnalysisModels

    public init(models: AnalysisModels) { self.models = models }

    /// A report and the pictures behind it (for overlays).
    public struct Result: Sendable {
        public var report: Report
        public var vesselMask: Bitmap?
        public var ridgeMap: ProbabilityMap?
        public var explanations: [ClassActivationMap]
        /// The ROP finding's Grad-CAM, which the report keeps in `rop.explanation`.
        public var ropExplanation: ClassActivationMap?
        /// The photograph's field of view, for its input profile.
        public var fieldOfView: FieldOfView?
        /// The quality model's pooled features (its embedding of the photograph), when quality ran.
        public var qualityFeatures: [Double]?

        /// Every heat map of the report, the ROP finding's first.
        public var allExplanations: [ClassActivationMap] { [ropExplanation].compactMap { $0 } + explanations }
    }

    /// Analyses one decoded photograph. Tasks without a model are left out of the report.
    public func analyze(_ photo: FundusImage, options: AnalysisOptions = AnalysisOptions(), id: String = UUID().uuidString.lowercased()) throws -> Result {
        try analyze(photo, options: options, id: id, batched: nil)
    }

    /// Classifier outputs computed for a whole batch at once.
    struct Batched: Sendable {
        var fieldOfView: FieldOfView
        var quality: FundusClassifier.Prediction?
        var laterality: FundusClassifier.Prediction?
        var lesion: FundusClassifier.Prediction?
        var rop: FundusClassifier.Prediction?
        var milliseconds: [String: Double]
    }

    /// Analyses several photographs together: the field of view of each, then every
    /// classifier (quality, laterality, lesion, ROP) over the whole batch at once, then
    /// the rest photograph by photograph. One result (or error) per photograph, in order.
    public func analyze(batch photos: [FundusImage], options: [AnalysisOptions], ids: [String]) -> [Swift.Result<Result, any Error>] {
        var prepared: [Swift.Result<Batched, any Error>] = photos.map { photo in
            Swift.Result {
                var clock = Stopwatch()
                let fov = try clock.measure("fieldOfView") { try FieldOfView.detect(in: photo.image) }
                return Batched(fieldOfView: fov, milliseconds: clock.byName)
            }
        }
        /// Runs `model` over the photographs that want `task` and did not fail, as one batch.
        func classify(_ model: FundusClassifier?, task: AnalysisTask, store: WritableKeyPath<Batched, FundusClassifier.Prediction?>) {
            guard let model else { return }
            let wanted: [(index: Int, batched: Batched)] = photos.indices.compactMap { i in
                guard options[i].tasks.contains(task), case .success(let b) = prepared[i] else { return nil }
                return (i, b)
            }
            guard !wanted.isEmpty else { return }
            var clock = Stopwatch()
            do {
                let inputs = try wanted.map { try model.prepare(photos[$0.index], fieldOfView: $0.batched.fieldOfView).input }
                let predictions = try clock.measure(task.rawValue) { try model.predict(inputs: inputs) }
                let share = (clock.byName[task.rawValue] ?? 0) / Double(wanted.count)
                for (entry, prediction) in zip(wanted, predictions) {
                    var b = entry.batched
                    b[keyPath: store] = prediction
                    b.milliseconds[task.rawValue] = share
                    prepared[entry.index] = .success(b)
                }
            } catch {
                for entry in wanted { prepared[entry.index] = .failure(error) }
            }
        }
        classify(models.quality, task: .quality, store: \.quality)
        classify(models.laterality?.classifier, task: .laterality, store: \.laterality)
        classify(models.lesion, task: .lesion, store: \.lesion)
        classify(models.rop, task: .rop, store: \.rop)
        return photos.indices.map { i in
            prepared[i].flatMap { b in Swift.Result { try analyze(photos[i], options: options[i], id: ids[i], batched: b) } }
        }
    }

    func analyze(_ photo: FundusImage, options: AnalysisOptions, id: String, batched: Batched?) throws -> Result {
        let tasks = options.tasks.intersection(models.available)
        var report = Report(id: id, image: photo.originalSize, tasks: tasks.sorted())
        var clock = Stopwatch()
        let fov = try batched?.fieldOfView ?? clock.measure("fieldOfView") { try FieldOfView.detect(in: photo.image) }
        let camera = CameraIdentification.identify(size: photo.originalSize, fieldOfView: fov, exif: photo.cameraTags)
        report.camera = camera
        var result = Result(report: report, explanations: [])
        result.fieldOfView = fov
        let batchedMilliseconds = batched?.milliseconds ?? [:]

        if tasks.contains(.quality), let model = models.quality {
            let (quality, prediction) = try clock.measure("quality") {
                let prediction = try batched?.quality ?? model.predict(photo, fieldOfView: fov)
                return (try QualityAssessment.assess(photo, fieldOfView: fov, classifier: model, prediction: prediction), prediction)
            }
            result.qualityFeatures = prediction.pooledFeatures
            report.quality = quality
            report.modelVersions[model.card.name] = model.card.version
            if options.explain { result.explanations.append(try clock.measure("explainQuality") { try GradCAM.explain(model, photo: photo, fieldOfView: fov) }) }
            if quality.colourNormalised == true {
                report.warnings.append("COLOUR_NORMALISED: the colours are far from those the quality model learnt (another camera's?); it was judged after mapping them to a fundus photograph's colours.")
            }
            if !quality.isFundus {
                report.warnings.append("NOT_A_FUNDUS: this is not a fundus photograph (p=\(String(format: "%.2f", quality.confidence))); nothing else was analysed.")
                return finish(report, clock: clock, batchedMilliseconds: batchedMilliseconds, result: result, options: options)
            }
            if !quality.isGradable {
                report.warnings.append("UNGRADABLE: the photograph may not be gradable" +
                                       (quality.reasons.isEmpty ? "." : " (\(quality.reasons.map(\.code).joined(separator: ", "))); retake if you can."))
            }
        }

        // Two lanes at once: the vessel map and what needs only it, beside all the other models.
        let vesselModel = tasks.contains(.vessels) ? models.vessels : nil
        let ((vesselOutput, vesselClock), (outputs, modelClock)) = try ConcurrentLanes.run({
            var clock = Stopwatch()
            let output = try vesselModel.map { try vessels(photo, fieldOfView: fov, model: $0, options: options, clock: &clock) }
            return (output, clock)
        }, {
            var clock = Stopwatch()
            return (try modelOutputs(photo, fieldOfView: fov, camera: camera, tasks: tasks, options: options, batched: batched,
                                     clock: &clock), clock)
        })
        clock.record(vesselClock)
        clock.record(modelClock)
        result.explanations += outputs.explanations

        if let detection = outputs.landmarks, let model = models.landmarks(for: camera) {
            report.modelVersions[model.card.name] = model.card.version
            let analysis = LandmarkAnalysis(landmarks: detection, laterality: outputs.laterality)
            if tasks.contains(.landmarks) {
                report.landmarks = detection
                report.zone = analysis.zone
                if let zone = analysis.zone, zone.estimated {
                    report.warnings.append("ZONE_I_ESTIMATED: the fovea was not seen; zone I is estimated from the optic disc (fovea 3.76 disc diameters temporal, the photograph assumed upright), not measured.")
                } else if analysis.zone == nil {
                    report.warnings.append("NO_ZONE: " + (detection.opticDisc.found ? "the fovea was not found and the eye is unknown" : "the optic disc was not found") + ", so zone I cannot be placed.")
                }
            }
            if tasks.contains(.laterality) {
                report.laterality = analysis.laterality
                if !analysis.laterality.agreement {
                    report.warnings.append("LATERALITY_DISAGREEMENT: the classifier and the disc–fovea geometry name different eyes; check the eye.")
                }
            }
        } else if let eye = outputs.laterality {
            report.laterality = LateralityAssessment(classifier: eye, geometry: nil, landmarksFound: false)
        }
        if outputs.laterality != nil, let model = models.laterality { report.modelVersions[model.card.name] = model.card.version }

        if let output = vesselOutput, let model = vesselModel {
            let disc = report.landmarks.flatMap { $0.opticDisc.found ? $0.discDiameter : nil }
            let zone = report.zone
            var vessels = VesselReport(threshold: model.card.threshold, biomarkers: output.biomarkers.inDiscDiameters(disc),
                                       zoneI: try clock.measure("biomarkersZoneI") {
                                           try zone.map { try VesselBiomarkers.measure(mask: output.mask, region: $0.zoneIMask(size: photo.originalSize), discDiameter: disc) }
                                       })
            vessels.maskPNG = output.maskPNG
            report.vessels = vessels
            report.modelVersions[model.card.name] = model.card.version
            result.vesselMask = output.mask
        }

        if let prediction = outputs.lesion, let model = models.lesion {
            report.lesion = LesionReport(probability: prediction.probability(of: "lesion") ?? prediction.probabilities.last ?? 0, threshold: model.card.threshold)
            report.modelVersions[model.card.name] = model.card.version
        }

        if let (ridge, map) = outputs.ridge, let model = models.ridge {
            report.ridge = ridge
            report.modelVersions[model.card.name] = model.card.version
            result.ridgeMap = map
        }

        if let prediction = outputs.rop, let model = models.rop {
            var rop = ROPReport(probability: prediction.probability(of: "rop") ?? prediction.probabilities.last ?? 0, card: model.card,
                                ridge: outputs.ridge?.report)
            rop.explanation = outputs.ropExplanation.map { Explanation($0, includeImage: options.includeImages) }
            result.ropExplanation = outputs.ropExplanation
            if let warning = rop.disagreementWarning { report.warnings.append(warning) }
            report.rop = rop
            report.modelVersions[model.card.name] = model.card.version
        }
        return finish(report, clock: clock, batchedMilliseconds: batchedMilliseconds, result: result, options: options)
    }

    /// The explanations and timings added; `batchedMilliseconds` are this photograph's shares of the batch steps.
    private func finish(_ report: Report, clock: Stopwatch, batchedMilliseconds: [String: Double], result: Result,
                        options: AnalysisOptions) -> Result {
        var result = result
        var report = report
        if options.explain {
            report.explanations = result.explanations.map { Explanation($0, includeImage: options.includeImages) }
        }
        // A step run for the whole batch counts its share, added to what the photograph's own part of it took.
        report.timingsMs = clock.byName.merging(batchedMilliseconds) { own, batched in own + batched }
        report.timingsMs["total"] = clock.elapsed + batchedMilliseconds.values.reduce(0, +)
        result.report = report
        return result
    }

    /// The vessel mask at the photograph's pixels, its biomarkers over the whole
    /// field of view (in pixels; disc diameters are added once the disc is known),
    /// and the mask as base64 PNG when the report carries images.
    struct VesselOutput: Sendable {
        var mask: Bitmap
        var biomarkers: VesselBiomarkers
        var maskPNG: String?
    }

    func vessels(_ photo: FundusImage, fieldOfView fov: FieldOfView, model: Segmenter, options: AnalysisOptions,
                 clock: inout Stopwatch) throws -> VesselOutput {
        let map = try clock.measure("vessels") {
            try options.vesselFieldDiameter.map { try model.probabilities(for: photo, fieldOfView: fov, diameter: $0, mirrorAveraging: options.vesselMirrorAveraging) }
                ?? model.probabilities(for: photo.image, mirrorAveraging: options.vesselMirrorAveraging)
        }
        let mask = try map.mask(threshold: model.card.threshold)
        let biomarkers = try clock.measure("biomarkers") { try VesselBiomarkers.measure(mask: mask, region: fov.mask) }
        let png = options.includeImages ? try clock.measure("encodeVessels") { Data(try mask.pngData()).base64EncodedString() } : nil
        return VesselOutput(mask: mask, biomarkers: biomarkers, maskPNG: png)
    }

    /// What the models other than the vessel segmenter give for one photograph.
    struct ModelOutputs: Sendable {
        var landmarks: LandmarkDetection?
        var laterality: LateralityClassifier.Prediction?
        var lesion: FundusClassifier.Prediction?
        var ridge: (report: RidgeReport, map: ProbabilityMap)?
        var rop: FundusClassifier.Prediction?
        /// The ROP finding's Grad-CAM, which the report keeps with the finding.
        var ropExplanation: ClassActivationMap?
        var explanations: [ClassActivationMap] = []
    }

    /// Landmarks, laterality, lesion (with its explanation), ridge and the ROP finding (with its Grad-CAM), one after the other.
    func modelOutputs(_ photo: FundusImage, fieldOfView fov: FieldOfView, camera: CameraIdentification?, tasks: Set<AnalysisTask>,
                      options: AnalysisOptions, batched: Batched?, clock: inout Stopwatch) throws -> ModelOutputs {
        var outputs = ModelOutputs()
        if tasks.contains(.landmarks) || tasks.contains(.laterality), let model = models.landmarks(for: camera) {
            outputs.landmarks = try clock.measure("landmarks") { try model.detect(in: photo, fieldOfView: fov) }
        }
        if tasks.contains(.laterality), let model = models.laterality {
            outputs.laterality = try clock.measure("laterality") {
                try batched?.laterality.map(LateralityClassifier.Prediction.init) ?? model.predict(photo, fieldOfView: fov)
            }
        }
        if tasks.contains(.lesion), let model = models.lesion {
            outputs.lesion = try clock.measure("lesion") { try batched?.lesion ?? model.predict(photo, fieldOfView: fov) }
            if options.explain {
                outputs.explanations.append(try clock.measure("explainLesion") { try GradCAM.explain(model, photo: photo, fieldOfView: fov, label: "lesion") })
                if model.hasEvidenceMap, let evidence = try clock.measure("lesionEvidence", { try EvidenceMap.explain(model, photo: photo, fieldOfView: fov) }) {
                    outputs.explanations.append(evidence)
                }
            }
        }
        if tasks.contains(.ridge), let model = models.ridge {
            let map = try clock.measure("ridge") { try model.probabilities(for: photo.image) }
            let inside = fov.mask.pixels.enumerated().filter { $0.element > 127 }.map { map.values[$0.offset] }
            let above = inside.filter { Double($0) >= model.card.threshold }.count
            var ridge = RidgeReport(present: map.isPresent(threshold: model.card.threshold), confidence: Double(inside.max() ?? 0),
                                    areaShare: inside.isEmpty ? 0 : Double(above) / Double(inside.count), threshold: model.card.threshold)
            if options.includeImages { ridge.mapPNG = try clock.measure("encodeRidge") { Data(try map.bitmap().pngData()).base64EncodedString() } }
            outputs.ridge = (ridge, map)
        }
        if tasks.contains(.rop), let model = models.rop {
            outputs.rop = try clock.measure("rop") { try batched?.rop ?? model.predict(photo, fieldOfView: fov) }
            if options.explain {
                outputs.ropExplanation = try clock.measure("explainROP") { try GradCAM.explain(model, photo: photo, fieldOfView: fov, label: "rop") }
            }
        }
        return outputs
    }
}
