import Foundation

/// The identifiers and acquisition facts a hospital needs to file a result
/// against the right patient, study and eye.
///
/// These are patient data: never log them.
public struct DICOMImageMetadata: Sendable, Equatable, Codable {
    public var patientID: String?
    /// As stored, with `^` between family and given names.
    public var patientName: String?
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?
    public var sopInstanceUID: String?
    public var sopClassUID: String?
    public var modality: String?
    /// Series Laterality (0020,0060).
    public var laterality: DICOMLaterality
    /// Image Laterality (0020,0062).
    public var imageLaterality: DICOMLaterality
    /// Acquisition DateTime, else Acquisition Date + Time, else Content Date + Time.
    public var acquisitionDateTime: Date?
    public var manufacturer: String?
    public var manufacturerModelName: String?
    public var deviceSerialNumber: String?
    public var accessionNumber: String?
    public var transferSyntaxUID: String?
    public var numberOfFrames: Int

    public init(patientID: String? = nil, patientName: String? = nil, studyInstanceUID: String? = nil,
                seriesInstanceUID: String? = nil, sopInstanceUID: String? = nil, sopClassUID: String? = nil,
                modality: String? = nil, laterality: DICOMLaterality = .unknown, imageLaterality: DICOMLaterality = .unknown,
                acquisitionDateTime: Date? = nil, manufacturer: String? = nil, manufacturerModelName: String? = nil,
                deviceSerialNumber: String? = nil, accessionNumber: String? = nil, transferSyntaxUID: String? = nil,
                numberOfFrames: Int = 1) {
        self.patientID = patientID
        self.patientName = patientName
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.modality = modality
        self.laterality = laterality
        self.imageLaterality = imageLaterality
        self.acquisitionDateTime = acquisitionDateTime
        self.manufacturer = manufacturer
        self.manufacturerModelName = manufacturerModelName
        self.deviceSerialNumber = deviceSerialNumber
        self.accessionNumber = accessionNumber
        self.transferSyntaxUID = transferSyntaxUID
        self.numberOfFrames = numberOfFrames
    }

    public init(_ file: DICOMFile) {
        let d = file.dataSet
        self.init(patientID: d.string(.patientID), patientName: d.string(.patientName),
                  studyInstanceUID: d.string(.studyInstanceUID), seriesInstanceUID: d.string(.seriesInstanceUID),
                  sopInstanceUID: d.string(.sopInstanceUID) ?? file.fileMeta.string(.mediaStorageSOPInstanceUID),
                  sopClassUID: file.sopClassUID, modality: d.string(.modality),
                  laterality: DICOMLaterality(code: d.string(.laterality)),
                  imageLaterality: DICOMLaterality(code: d.string(.imageLaterality)),
                  acquisitionDateTime: Self.acquisitionDate(d), manufacturer: d.string(.manufacturer),
                  manufacturerModelName: d.string(.manufacturerModelName), deviceSerialNumber: d.string(.deviceSerialNumber),
                  accessionNumber: d.string(.accessionNumber), transferSyntaxUID: file.transferSyntax.uid,
                  numberOfFrames: max(1, d.integer(.numberOfFrames) ?? 1))
    }

    /// The eye this image shows: Image Laterality when known, else the series' Laterality.
    public var eye: DICOMLaterality { imageLaterality != .unknown ? imageLaterality : laterality }

    private static func acquisitionDate(_ d: DICOMDataSet) -> Date? {
        let offset = d.string(.timezoneOffsetFromUTC)
        if let dateTime = d.string(.acquisitionDateTime), let date = DICOMDateTime.date(dateTime: dateTime, defaultOffset: offset) {
            return date
        }
        for (dateTag, timeTag) in [(DICOMTag.acquisitionDate, DICOMTag.acquisitionTime), (.contentDate, .contentTime)] {
            if let day = d.string(dateTag), let date = DICOMDateTime.date(dateTime: day + (d.string(timeTag) ?? ""), defaultOffset: offset) {
                return date
            }
        }
        return nil
    }
}
