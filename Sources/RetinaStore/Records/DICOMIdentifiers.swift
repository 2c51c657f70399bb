import Foundation
import GRDB

/// The patient, study and device identifiers of an analysis made from a DICOM
/// object, kept in their own table apart from the report and the photograph,
/// so that a report or photograph can be shown or exported without them.
///
/// These are patient data: never log them.
public struct DICOMIdentifiers: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dicomIdentifiers"

    /// The analysis these belong to (`analysis.id`).
    public var analysisID: String
    public var patientID: String?
    public var patientName: String?
    /// DA, `YYYYMMDD`.
    public var patientBirthDate: String?
    public var patientSex: String?
    public var studyInstanceUID: String?
    public var studyDate: String?
    public var studyTime: String?
    public var studyID: String?
    public var accessionNumber: String?
    public var referringPhysicianName: String?
    public var seriesInstanceUID: String?
    public var sopInstanceUID: String?
    public var sopClassUID: String?
    public var modality: String?
    /// The eye the object names ("L" or "R"): Image Laterality, else the series' Laterality.
    public var laterality: String?
    public var acquisitionDateTime: Date?
    public var manufacturer: String?
    public var manufacturerModelName: String?
    public var deviceSerialNumber: String?
    /// Which frame of the object was analysed (1-based) and how many it has.
    public var frameNumber: Int
    public var frameCount: Int

    public init(analysisID: String, patientID: String? = nil, patientName: String? = nil, patientBirthDate: String? = nil,
                patientSex: String? = nil, studyInstanceUID: String? = nil, studyDate: String? = nil, studyTime: String? = nil,
                studyID: String? = nil, accessionNumber: String? = nil, referringPhysicianName: String? = nil,
                seriesInstanceUID: String? = nil, sopInstanceUID: String? = nil, sopClassUID: String? = nil, modality: String? = nil,
                laterality: String? = nil, acquisitionDateTime: Date? = nil, manufacturer: String? = nil,
                manufacturerModelName: String? = nil, deviceSerialNumber: String? = nil, frameNumber: Int = 1, frameCount: Int = 1) {
        self.analysisID = analysisID
        self.patientID = patientID
        self.patientName = patientName
        self.patientBirthDate = patientBirthDate
        self.patientSex = patientSex
        self.studyInstanceUID = studyInstanceUID
        self.studyDate = studyDate
        self.studyTime = studyTime
        self.studyID = studyID
        self.accessionNumber = accessionNumber
        self.referringPhysicianName = referringPhysicianName
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.modality = modality
        self.laterality = laterality
        self.acquisitionDateTime = acquisitionDateTime
        self.manufacturer = manufacturer
        self.manufacturerModelName = manufacturerModelName
        self.deviceSerialNumber = deviceSerialNumber
        self.frameNumber = frameNumber
        self.frameCount = frameCount
    }
}
