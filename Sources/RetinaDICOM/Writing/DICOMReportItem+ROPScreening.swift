extension DICOMCode {
    /// The DICOM form of a FHIR coding: SNOMED CT as "SCT", LOINC as "LN",
    /// UCUM as "UCUM", ropscreen's own code system as its private scheme.
    public init(_ coding: FHIRCoding) {
        let scheme = switch coding.system {
        case FHIRCoding.snomedSystem: "SCT"
        case FHIRCoding.loincSystem: "LN"
        case FHIRCoding.ucumSystem: "UCUM"
        default: DICOMCode.ropscreenScheme
        }
        self.init(value: coding.code, scheme: scheme, meaning: coding.display ?? coding.code)
    }
}

extension DICOMReportItem {
    /// The content of a basic text SR for one screening: the same coded
    /// figures as the FHIR report (quality, eye, ROP finding, zone I), then the
    /// conclusion and each warning as text.
    public static func items(_ figures: ROPScreeningFigures, warnings: [String] = []) -> [DICOMReportItem] {
        var items: [DICOMReportItem] = []
        func number(_ concept: FHIRCoding, _ value: Double, _ units: DICOMCode = .noUnits) -> DICOMReportItem {
            .number(concept: DICOMCode(concept), value: value, units: units)
        }
        if let quality = figures.quality {
            items.append(.code(concept: DICOMCode(ROPScreenCodeSystem.imageQuality),
                               value: DICOMCode(quality.gradable ? ROPScreenCodeSystem.gradable : ROPScreenCodeSystem.ungradable)))
            items.append(number(ROPScreenCodeSystem.imageQualityScore, quality.score))
        }
        if let eye = figures.eye, eye.laterality != .unknown {
            let site = eye.laterality == .left ? FHIRKnownCodes.entireLeftEye : FHIRKnownCodes.entireRightEye
            items.append(.code(concept: DICOMCode(ROPScreenCodeSystem.imagedEye), value: DICOMCode(site)))
            if let confidence = eye.confidence { items.append(number(ROPScreenCodeSystem.imagedEyeConfidence, confidence)) }
        }
        if let rop = figures.rop {
            items.append(.code(concept: DICOMCode(ROPScreenCodeSystem.ropFinding),
                               value: rop.detected ? .retinopathyOfPrematurity : DICOMCode(ROPScreenCodeSystem.ropNotDetected)))
            items.append(number(ROPScreenCodeSystem.ropProbability, rop.probability))
            if let threshold = rop.threshold { items.append(number(ROPScreenCodeSystem.ropDecisionThreshold, threshold)) }
        }
        if let zone = figures.zoneI {
            var children = [number(ROPScreenCodeSystem.zoneIRadius, zone.radiusPixels, .pixels)]
            if let distance = zone.discFoveaDistancePixels { children.append(number(ROPScreenCodeSystem.discFoveaDistance, distance, .pixels)) }
            children.append(.text(concept: DICOMCode(ROPScreenCodeSystem.zoneIEstimatedFromDisc), value: zone.estimatedFromDisc ? "yes" : "no"))
            items.append(.container(concept: DICOMCode(ROPScreenCodeSystem.zoneIEstimate), children: children))
        }
        if let conclusion = figures.conclusion { items.append(.text(concept: .ropscreen("conclusion", "Conclusion"), value: conclusion)) }
        for warning in warnings { items.append(.text(concept: .ropscreen("warning", "Warning"), value: warning)) }
        return items
    }
}
