/// The patient and study that a derived object (secondary capture, report)
/// belongs to: the Patient and General Study modules copied from the source,
/// so the PACS files the result in the same study.
public struct DICOMStudyReference: Sendable, Equatable {
    public var patientID: String
    public var patientName: String
    public var patientBirthDate: String?
    public var patientSex: String?
    public var studyInstanceUID: String
    /// DA, `YYYYMMDD`.
    public var studyDate: String?
    /// TM, `HHMMSS`.
    public var studyTime: String?
    public var studyID: String?
    public var accessionNumber: String?
    public var referringPhysicianName: String?
    /// The source image, for Source Image Sequence and evidence references.
    public var sourceSOPClassUID: String?
    public var sourceSOPInstanceUID: String?
    public var sourceSeriesInstanceUID: String?
    /// Series laterality of the source ("L" / "R").
    public var laterality: String?

    public init(patientID: String, patientName: String = "", patientBirthDate: String? = nil, patientSex: String? = nil,
                studyInstanceUID: String, studyDate: String? = nil, studyTime: String? = nil, studyID: String? = nil,
                accessionNumber: String? = nil, referringPhysicianName: String? = nil,
                sourceSOPClassUID: String? = nil, sourceSOPInstanceUID: String? = nil,
                sourceSeriesInstanceUID: String? = nil, laterality: String? = nil) {
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
        self.sourceSOPClassUID = sourceSOPClassUID
        self.sourceSOPInstanceUID = sourceSOPInstanceUID
        self.sourceSeriesInstanceUID = sourceSeriesInstanceUID
        self.laterality = laterality
    }

    /// The reference to a parsed source object; nil without a Study Instance UID.
    public init?(source dataSet: DICOMDataSet) {
        guard let study = dataSet.string(.studyInstanceUID) else { return nil }
        self.init(patientID: dataSet.string(.patientID) ?? "", patientName: dataSet.string(.patientName) ?? "",
                  patientBirthDate: dataSet.string(.patientBirthDate), patientSex: dataSet.string(.patientSex),
                  studyInstanceUID: study, studyDate: dataSet.string(.studyDate), studyTime: dataSet.string(.studyTime),
                  studyID: dataSet.string(.studyID), accessionNumber: dataSet.string(.accessionNumber),
                  referringPhysicianName: dataSet.string(.referringPhysicianName),
                  sourceSOPClassUID: dataSet.string(.sopClassUID), sourceSOPInstanceUID: dataSet.string(.sopInstanceUID),
                  sourceSeriesInstanceUID: dataSet.string(.seriesInstanceUID),
                  laterality: dataSet.string(.imageLaterality) ?? dataSet.string(.laterality))
    }

    /// Patient and General Study modules; type 2 attributes present even when empty.
    func apply(to dataSet: inout DICOMDataSet) {
        dataSet.set(.patientName, .PN, patientName)
        dataSet.set(.patientID, .LO, patientID)
        dataSet.set(.patientBirthDate, .DA, patientBirthDate ?? "")
        dataSet.set(.patientSex, .CS, patientSex ?? "")
        dataSet.set(.studyInstanceUID, .UI, studyInstanceUID)
        dataSet.set(.studyDate, .DA, studyDate ?? "")
        dataSet.set(.studyTime, .TM, studyTime ?? "")
        dataSet.set(.studyID, .SH, studyID ?? "")
        dataSet.set(.accessionNumber, .SH, accessionNumber ?? "")
        dataSet.set(.referringPhysicianName, .PN, referringPhysicianName ?? "")
    }

    /// One item referencing the source image, or nil when it is not known.
    var sourceImageItem: DICOMDataSet? {
        guard let sourceSOPClassUID, let sourceSOPInstanceUID else { return nil }
        var item = DICOMDataSet()
        item.set(.referencedSOPClassUID, .UI, sourceSOPClassUID)
        item.set(.referencedSOPInstanceUID, .UI, sourceSOPInstanceUID)
        return item
    }
}
