import RetinaAnalysis
import RetinaAnnotation
import RetinaModels

/// The models' proposal for a photograph's labels, which the annotator confirms or
/// corrects: eye from laterality, image quality from the quality gate, disc box and
/// fovea point where the report found them. Stage, zone and plus are the doctor's:
/// the ROP finding is shown beside them as a hint, not filled in.
enum AnnotationDraft {
    static let tasks: Set<AnalysisTask> = [.quality, .laterality, .landmarks, .rop]

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
