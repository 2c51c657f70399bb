/// The codes of ropscreen's own FHIR code system, used where neither LOINC
/// nor SNOMED CT has a concept for what the model measures. Each code is
/// listed here once, with its meaning.
public enum ROPScreenCodeSystem {
    public static let url = "https://ropscreen.example/fhir/CodeSystem/ropscreen"
    /// The namespace of ropscreen report ids (DiagnosticReport.identifier).
    public static let reportIdentifierSystem = "https://ropscreen.example/fhir/NamingSystem/report-id"

    private static func code(_ code: String, _ display: String) -> FHIRCoding {
        FHIRCoding(system: url, code: code, display: display)
    }

    /// The DiagnosticReport: an automated ROP screening of one fundus photograph.
    public static let screeningReport = code("rop-screening-report", "Automated ROP screening of a fundus photograph")
    /// Observation: whether the photograph can be graded; value gradable / ungradable, score as component.
    public static let imageQuality = code("image-quality", "Fundus photograph quality")
    public static let gradable = code("gradable", "Gradable photograph")
    public static let ungradable = code("ungradable", "Ungradable photograph")
    /// Component: the quality model's score, 0…1.
    public static let imageQualityScore = code("image-quality-score", "Fundus photograph quality score")
    /// Observation: which eye the photograph shows; value a SNOMED CT eye structure.
    public static let imagedEye = code("imaged-eye", "Eye shown in the photograph")
    /// Component: the laterality classifier's confidence, 0…1.
    public static let imagedEyeConfidence = code("imaged-eye-confidence", "Confidence of the eye assignment")
    /// Observation: the ROP finding; value SNOMED CT 415297005 or `rop-not-detected`.
    public static let ropFinding = code("rop-finding", "Retinopathy of prematurity finding")
    public static let ropNotDetected = code("rop-not-detected", "Retinopathy of prematurity not detected")
    /// Component: the classifier's probability of ROP, 0…1.
    public static let ropProbability = code("rop-probability", "Probability of retinopathy of prematurity")
    /// Component: the probability at or above which the finding is ROP.
    public static let ropDecisionThreshold = code("rop-decision-threshold", "Decision threshold for the ROP finding")
    /// Observation: zone I placed from optic disc and fovea (ICROP3: radius twice the disc–fovea distance).
    public static let zoneIEstimate = code("zone-i-estimate", "Zone I estimate")
    public static let zoneIRadius = code("zone-i-radius", "Zone I radius")
    public static let discFoveaDistance = code("disc-fovea-distance", "Optic disc to fovea distance")
    /// Component: true when the fovea was not seen and zone I was estimated from the disc alone.
    public static let zoneIEstimatedFromDisc = code("zone-i-estimated-from-disc", "Zone I estimated from the optic disc alone")
    /// Observation: vessel measurements that plus disease changes (whole image or zone I).
    public static let plusVesselBiomarkers = code("plus-vessel-biomarkers", "Plus disease vessel biomarkers")
    public static let vesselDensity = code("vessel-density", "Vessel pixel fraction")
    public static let vesselTortuosityMean = code("vessel-tortuosity-mean", "Mean vessel segment tortuosity (arc / chord)")
    public static let vesselTortuosityP90 = code("vessel-tortuosity-p90", "90th percentile vessel segment tortuosity")
    public static let vesselCalibreMean = code("vessel-calibre-mean", "Mean vessel calibre")
    public static let vesselCalibreInDiscDiameters = code("vessel-calibre-disc-diameters", "Mean vessel calibre in optic disc diameters")
    /// Component: the plus-disease classifier's probability, when it ran.
    public static let plusProbability = code("plus-disease-probability", "Probability of plus disease")
    /// Method: the measurement region of a biomarker observation.
    public static let regionWholeImage = code("region-whole-image", "Measured over the whole photograph")
    public static let regionZoneI = code("region-zone-i", "Measured inside zone I")
}

/// Codes from external systems that the report uses.
public enum FHIRKnownCodes {
    /// SNOMED CT 415297005 |Retinopathy of prematurity (disorder)|.
    public static let retinopathyOfPrematurity = FHIRCoding(system: FHIRCoding.snomedSystem, code: "415297005", display: "Retinopathy of prematurity")
    /// SNOMED CT 362502000 |Entire right eye|, 362503005 |Entire left eye| (the HL7 eyecare target-site codes).
    public static let entireRightEye = FHIRCoding(system: FHIRCoding.snomedSystem, code: "362502000", display: "Entire right eye")
    public static let entireLeftEye = FHIRCoding(system: FHIRCoding.snomedSystem, code: "362503005", display: "Entire left eye")
    /// FHIR observation category "imaging".
    public static let imagingCategory = FHIRCoding(system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "imaging", display: "Imaging")
}
