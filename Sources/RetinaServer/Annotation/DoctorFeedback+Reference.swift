import FundusImaging
import RetinaAnnotation
import RetinaMonitoring

extension DoctorFeedback {
    /// The doctors' reference label of a photograph as monitoring's truth, read as the
    /// manifest export reads it: ROP from the stage and A-ROP (stage 1–5 or A-ROP yes is
    /// ROP, stage 0 normal), gradable from the image quality (`usable` counts as gradable),
    /// and the eye. Fields the reference leaves out stay unknown.
    init(reference labels: [String: LabelValue], export: ManifestExport = ManifestExport()) {
        typealias Field = LabelSchema.ICROP3Field
        let diagnosis = ManifestExport.diagnosis(stage: labels[Field.stage]?.option, aggressiveROP: labels[Field.aggressiveROP]?.option)
        self.init(rop: diagnosis == "rop" ? true : diagnosis == "normal" ? false : nil,
                  quality: Quality(rawValue: export.quality(labels[Field.quality]?.option)),
                  eye: labels[Field.eye]?.option.flatMap(Eye.init(rawValue:)))
    }
}
