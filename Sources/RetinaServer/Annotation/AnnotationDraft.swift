import Foundation
import RetinaAnalysis
import RetinaAnnotation
import RetinaModels

/// The models' proposal for a photograph's labels, which the annotator confirms or
/// corrects: eye from laterality, image quality from the quality gate, disc box and
/// fovea point where the report found them. Stage, zone and plus are the doctor's:
/// the ROP finding is shown beside them as a hint, not filled in.
enum AnnotationDraft {
    static let tasks: Set<AnalysisTask> = [.quality, .laterality, .landmarks, .rop, .ridge, .vessels]

    /// The maps the page can lay under the labels, as PNG bytes by layer name.
    static func layers(from report: Report) -> [String: [UInt8]] {
        var layers: [String: [UInt8]] = [:]
        if let png = report.vessels?.maskPNG, let bytes = Data(base64Encoded: png) { layers["vessels"] = [UInt8](bytes) }
        if let png = report.ridge?.mapPNG, let bytes = Data(base64Encoded: png) { layers["ridge"] = [UInt8](bytes) }
        return layers
    }

    /// The ROP finding, which no field of the schema holds (stage is the doctor's), shown as a hint.
    static func hints(from report: Report) -> [String: String] {
        guard let rop = report.rop else { return [:] }
        return ["rop": (rop.finding == "rop" ? "ROP suspected" : "no ROP seen") + String(format: ", p = %.2f (threshold %.2f)", rop.probability, rop.threshold)]
    }

    static func labels(from report: Report) -> [String: LabelValue] {
        typealias Field = LabelSchema.ICROP3Field
        var labels: [String: LabelValue] = [:]
        if let eye = report.laterality?.eye { labels[Field.eye] = .option(eye.rawValue) }
        if let verdict = report.quality?.verdict { labels[Field.quality] = .option(verdict == "good" ? "good" : "bad") }
        if let landmarks = report.landmarks {
            if landmarks.opticDisc.found {
                let box = landmarks.opticDiscBox
                labels[Field.disc] = .box(BoundingBox(x: box.x, y: box.y, width: box.width, height: box.height))
            }
            if landmarks.fovea.found { labels[Field.fovea] = .point(ImagePoint(x: landmarks.fovea.x, y: landmarks.fovea.y)) }
        }
        return labels
    }
}
