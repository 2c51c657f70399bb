import Foundation

/// The figures of one screening that go into the FHIR report. The caller
/// maps its own report to this, so the module needs nothing else of ropscreen.
public struct ROPScreeningFigures: Sendable, Equatable, Codable {
    public var reportID: String
    public var status: Status
    public var issued: Date
    /// When the photograph was taken (DICOM acquisition date-time), if known.
    public var effective: Date?
    /// The patient, by identifier: `system` is the hospital's identifier namespace, if known.
    /// Nil when the photograph came without one: the report then has no subject.
    public var patientIdentifier: FHIRIdentifier?
    public var studyInstanceUID: String?
    public var quality: Quality?
    public var eye: Eye?
    public var rop: ROPFinding?
    public var zoneI: ZoneIEstimate?
    /// Vessel biomarkers measured over the whole photograph.
    public var plusBiomarkers: VesselBiomarkerFigures?
    /// The same measured inside zone I.
    public var zoneIPlusBiomarkers: VesselBiomarkerFigures?
    public var conclusion: String?

    public enum Status: String, Sendable, Codable {
        case preliminary, final, amended
    }

    public struct Quality: Sendable, Equatable, Codable {
        public var gradable: Bool
        public var score: Double
        public init(gradable: Bool, score: Double) {
            self.gradable = gradable
            self.score = score
        }
    }

    public struct Eye: Sendable, Equatable, Codable {
        public var laterality: DICOMLaterality
        public var confidence: Double?
        public init(laterality: DICOMLaterality, confidence: Double? = nil) {
            self.laterality = laterality
            self.confidence = confidence
        }
    }

    public struct ROPFinding: Sendable, Equatable, Codable {
        public var detected: Bool
        public var probability: Double
        public var threshold: Double?
        public init(detected: Bool, probability: Double, threshold: Double? = nil) {
            self.detected = detected
            self.probability = probability
            self.threshold = threshold
        }
    }

    public struct ZoneIEstimate: Sendable, Equatable, Codable {
        public var radiusPixels: Double
        public var discFoveaDistancePixels: Double?
        /// True when the fovea was not seen and zone I was placed from the disc.
        public var estimatedFromDisc: Bool
        public init(radiusPixels: Double, discFoveaDistancePixels: Double? = nil, estimatedFromDisc: Bool) {
            self.radiusPixels = radiusPixels
            self.discFoveaDistancePixels = discFoveaDistancePixels
            self.estimatedFromDisc = estimatedFromDisc
        }
    }

    public struct VesselBiomarkerFigures: Sendable, Equatable, Codable {
        public var density: Double
        public var tortuosityMean: Double?
        public var tortuosityP90: Double?
        public var calibreMeanPixels: Double?
        public var calibreInDiscDiameters: Double?
        public var plusProbability: Double?
        public init(density: Double, tortuosityMean: Double? = nil, tortuosityP90: Double? = nil, calibreMeanPixels: Double? = nil,
                    calibreInDiscDiameters: Double? = nil, plusProbability: Double? = nil) {
            self.density = density
            self.tortuosityMean = tortuosityMean
            self.tortuosityP90 = tortuosityP90
            self.calibreMeanPixels = calibreMeanPixels
            self.calibreInDiscDiameters = calibreInDiscDiameters
            self.plusProbability = plusProbability
        }
    }

    public init(reportID: String, status: Status = .preliminary, issued: Date, effective: Date? = nil,
                patientIdentifier: FHIRIdentifier?, studyInstanceUID: String? = nil, quality: Quality? = nil, eye: Eye? = nil,
                rop: ROPFinding? = nil, zoneI: ZoneIEstimate? = nil, plusBiomarkers: VesselBiomarkerFigures? = nil,
                zoneIPlusBiomarkers: VesselBiomarkerFigures? = nil, conclusion: String? = nil) {
        self.reportID = reportID
        self.status = status
        self.issued = issued
        self.effective = effective
        self.patientIdentifier = patientIdentifier
        self.studyInstanceUID = studyInstanceUID
        self.quality = quality
        self.eye = eye
        self.rop = rop
        self.zoneI = zoneI
        self.plusBiomarkers = plusBiomarkers
        self.zoneIPlusBiomarkers = zoneIPlusBiomarkers
        self.conclusion = conclusion
    }
}
