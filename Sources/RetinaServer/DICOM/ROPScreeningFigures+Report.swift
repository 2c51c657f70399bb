import Foundation
import FundusImaging
import RetinaAnalysis
import RetinaDICOM
import RetinaStore

extension ROPScreeningFigures {
    /// The figures of a stored report, filed under the patient and study of its
    /// DICOM identifiers when it came from a DICOM object.
    init(report: Report, issued: Date, identifiers: DICOMIdentifiers?, patientIdentifierSystem: String?) {
        self.init(reportID: report.id, issued: issued, effective: identifiers?.acquisitionDateTime,
                  patientIdentifier: identifiers?.patientID.map { FHIRIdentifier(system: patientIdentifierSystem, value: $0) },
                  studyInstanceUID: identifiers?.studyInstanceUID)
        quality = report.quality.map { Quality(gradable: $0.isGradable, score: $0.score) }
        eye = report.laterality.map { Eye(laterality: $0.eye == .left ? .left : .right, confidence: $0.confidence) }
        rop = report.rop.map { ROPFinding(detected: $0.isROP, probability: $0.probability, threshold: $0.threshold) }
        zoneI = report.zone.map {
            ZoneIEstimate(radiusPixels: $0.zoneIRadius, discFoveaDistancePixels: $0.discFoveaDistance, estimatedFromDisc: $0.estimated)
        }
        plusBiomarkers = report.vessels.map { VesselBiomarkerFigures($0.biomarkers) }
        zoneIPlusBiomarkers = report.vessels?.zoneI.map { VesselBiomarkerFigures($0) }
        conclusion = Self.conclusion(report)
    }

    /// One sentence for the record; the automated finding is preliminary until a doctor reviews it.
    static func conclusion(_ report: Report) -> String? {
        if let quality = report.quality, !quality.isGradable {
            return "The photograph may not be gradable (quality \(quality.verdict)); retake it before relying on the automated screen."
        }
        guard let rop = report.rop else { return nil }
        let figures = "probability \(String(format: "%.2f", rop.probability)), threshold \(String(format: "%.2f", rop.threshold))"
        return rop.isROP
            ? "Signs of retinopathy of prematurity found by the automated screen (\(figures)): examination by an ophthalmologist is needed."
            : "No signs of retinopathy of prematurity found by the automated screen (\(figures)); preliminary, for review."
    }
}

extension ROPScreeningFigures.VesselBiomarkerFigures {
    init(_ biomarkers: VesselBiomarkers) {
        self.init(density: biomarkers.density, tortuosityMean: biomarkers.tortuosity?.mean, tortuosityP90: biomarkers.tortuosity?.p90,
                  calibreMeanPixels: biomarkers.calibre?.mean, calibreInDiscDiameters: biomarkers.calibreInDiscDiameters)
    }
}
