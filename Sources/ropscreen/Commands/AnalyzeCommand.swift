import ArgumentParser
import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaModels

/// `ropscreen analyze IMAGE…`: the report for each photograph as JSON, with optional overlays.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Analyse fundus photographs with the bundled models and print one JSON report per file.")

    enum Task: String, CaseIterable { case landmarks, laterality, vessels }

    @Argument(help: "Photographs (JPEG, PNG, TIFF, BMP, WebP).")
    var images: [String]

    @Option(help: "Comma-separated analyses: \(Task.allCases.map(\.rawValue).joined(separator: ",")).")
    var tasks = Task.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Write an overlay PNG: a file path for one photograph, or a folder for several.")
    var overlay: String?

    func validate() throws {
        for name in tasks.split(separator: ",") where Task(rawValue: String(name)) == nil {
            throw ValidationError("unknown task '\(name)' (known: \(Task.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() throws {
        let wanted = Set(tasks.split(separator: ",").compactMap { Task(rawValue: String($0)) })
        let root = ModelBundle.bundledRoot()
        let detector = wanted.contains(.landmarks) || wanted.contains(.laterality)
            ? try LandmarkDetector(bundle: ModelBundle(directory: root.appendingPathComponent("landmarks"))) : nil
        let classifier = wanted.contains(.laterality)
            ? try LateralityClassifier(bundle: ModelBundle(directory: root.appendingPathComponent("laterality"))) : nil
        let segmenter = wanted.contains(.vessels)
            ? try VesselSegmenter(bundle: ModelBundle(directory: root.appendingPathComponent("vessels"))) : nil
        if images.count > 1 || overlay?.hasSuffix("/") == true, let overlay {
            try FileManager.default.createDirectory(atPath: overlay, withIntermediateDirectories: true)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        for path in images {
            var stopwatch = Stopwatch()
            let photo = try stopwatch.measure("decode") { try FundusImage.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) }
            // One field of view for every model of this photograph.
            let fov = try stopwatch.measure("fieldOfView") { try FieldOfView.detect(in: photo.image) }
            var report = PartialReport(file: path, image: photo.originalSize)
            var landmarkAnalysis: LandmarkAnalysis?
            if let detector {
                let detection = try stopwatch.measure("landmarks") { try detector.detect(in: photo, fieldOfView: fov) }
                let eye = try classifier.map { c in try stopwatch.measure("laterality") { try c.predict(photo, fieldOfView: fov) } }
                landmarkAnalysis = LandmarkAnalysis(landmarks: detection, laterality: eye)
                report.modelVersions["landmarks"] = detector.card.version
                if let classifier { report.modelVersions["laterality"] = classifier.card.version }
                if wanted.contains(.landmarks) {
                    report.landmarks = detection
                    report.zone = landmarkAnalysis?.zone
                }
                if wanted.contains(.laterality) { report.laterality = landmarkAnalysis?.laterality }
            }
            var vesselMask: Bitmap?
            if let segmenter {
                let probabilities = try stopwatch.measure("vessels") { try segmenter.probabilities(for: photo.image) }
                let mask = try probabilities.mask(threshold: segmenter.card.threshold)
                vesselMask = mask
                let disc = landmarkAnalysis.flatMap { $0.landmarks.opticDisc.found ? $0.landmarks.discDiameter : nil }
                report.vessels = try stopwatch.measure("biomarkers") {
                    try VesselBiomarkers.measure(mask: mask, region: fov.mask, discDiameter: disc)
                }
                if let zone = landmarkAnalysis?.zone {
                    report.vesselsInZoneI = try VesselBiomarkers.measure(mask: mask, region: zone.zoneIMask(size: photo.originalSize), discDiameter: disc)
                }
                report.modelVersions["vessels"] = segmenter.card.version
            }
            report.timingsMs = stopwatch.byName
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            if let overlay {
                var picture = photo.image
                if let vesselMask {
                    try picture.blend(Bitmap(width: picture.width, height: picture.height, channels: 3, value: 255), mask: vesselMask, alpha: 0.45)
                }
                if let landmarkAnalysis { picture = try landmarkAnalysis.overlay(on: picture) }
                let target = images.count == 1 && !overlay.hasSuffix("/")
                    ? overlay
                    : (overlay as NSString).appendingPathComponent(((path as NSString).lastPathComponent as NSString).deletingPathExtension + "-overlay.png")
                try Data(picture.pngData()).write(to: URL(fileURLWithPath: target))
            }
        }
    }
}

/// The parts of the report this command fills; the full report arrives with the analysis service.
struct PartialReport: Encodable {
    var file: String
    var image: Size
    var modelVersions: [String: String] = [:]
    var landmarks: LandmarkDetection?
    var laterality: LateralityAssessment?
    var zone: ZoneGeometry?
    var vessels: VesselBiomarkers?
    var vesselsInZoneI: VesselBiomarkers?
    var timingsMs: [String: Double] = [:]

    init(file: String, image: Size) {
        self.file = file
        self.image = image
    }
}
