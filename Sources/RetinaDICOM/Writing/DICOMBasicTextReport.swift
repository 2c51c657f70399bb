import Foundation

/// A Basic Text Structured Report (1.2.840.10008.5.1.4.1.1.88.11): the
/// findings as a tree of TEXT / NUM / CODE items under a titled container,
/// filed in the source's study and pointing at the image it was made from.
public struct DICOMBasicTextReport: Sendable {
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.88.11"

    public var study: DICOMStudyReference
    /// The document title, the root container's concept name.
    public var title: DICOMCode
    public var items: [DICOMReportItem]
    public var seriesInstanceUID: String
    public var sopInstanceUID: String
    public var seriesNumber: Int
    public var instanceNumber: Int
    public var contentDate: Date
    /// COMPLETE or PARTIAL (0040,A491).
    public var isComplete: Bool
    public var manufacturer: String

    public init(study: DICOMStudyReference, title: DICOMCode = .ropscreen("rop-screening-report", "ROP screening report"),
                items: [DICOMReportItem], seriesInstanceUID: String = DICOMUID.make(), sopInstanceUID: String = DICOMUID.make(),
                seriesNumber: Int = 9002, instanceNumber: Int = 1, contentDate: Date = Date(), isComplete: Bool = true,
                manufacturer: String = "ropscreen") {
        self.study = study
        self.title = title
        self.items = items
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.seriesNumber = seriesNumber
        self.instanceNumber = instanceNumber
        self.contentDate = contentDate
        self.isComplete = isComplete
        self.manufacturer = manufacturer
    }

    /// Patient, General Study, SR Document Series, General Equipment,
    /// SR Document General, SR Document Content and SOP Common modules.
    public var dataSet: DICOMDataSet {
        var d = DICOMDataSet()
        let (date, time) = DICOMDateTime.dateAndTime(contentDate)
        d.set(.specificCharacterSet, .CS, "ISO_IR 192")
        d.set(.instanceCreationDate, .DA, date)
        d.set(.instanceCreationTime, .TM, time)
        d.set(.sopClassUID, .UI, Self.sopClassUID)
        d.set(.sopInstanceUID, .UI, sopInstanceUID)
        study.apply(to: &d)
        d.set(.contentDate, .DA, date)
        d.set(.contentTime, .TM, time)
        d.set(.modality, .CS, "SR")
        d.set(.manufacturer, .LO, manufacturer)
        d.set(.referencedPerformedProcedureStepSequence, sequence: [])
        d.set(.seriesInstanceUID, .UI, seriesInstanceUID)
        d.set(.seriesNumber, .IS, String(seriesNumber))
        d.set(.instanceNumber, .IS, String(instanceNumber))
        d.set(.completionFlag, .CS, isComplete ? "COMPLETE" : "PARTIAL")
        d.set(.verificationFlag, .CS, "UNVERIFIED")
        d.set(.performedProcedureCodeSequence, sequence: [])
        if let evidence = evidenceItem { d.set(.currentRequestedProcedureEvidenceSequence, sequence: [evidence]) }
        d.set(.valueType, .CS, "CONTAINER")
        d.set(.conceptNameCodeSequence, sequence: [title.item])
        d.set(.continuityOfContent, .CS, "SEPARATE")
        d.set(.contentSequence, sequence: items.map(\.item))
        return d
    }

    public func write(using writer: DICOMWriter = DICOMWriter()) throws -> Data {
        try writer.write(dataSet)
    }

    /// The content tree of a parsed report (the items under its root container).
    public static func items(of dataSet: DICOMDataSet) -> [DICOMReportItem] {
        dataSet.sequence(.contentSequence).compactMap(DICOMReportItem.init(item:))
    }

    /// Hierarchical SOP Instance Reference to the source image (PS3.3 C.17.2.1).
    private var evidenceItem: DICOMDataSet? {
        guard let source = study.sourceImageItem, let series = study.sourceSeriesInstanceUID else { return nil }
        var seriesItem = DICOMDataSet()
        seriesItem.set(.seriesInstanceUID, .UI, series)
        seriesItem.set(.referencedSOPSequence, sequence: [source])
        var studyItem = DICOMDataSet()
        studyItem.set(.studyInstanceUID, .UI, study.studyInstanceUID)
        studyItem.set(.referencedSeriesSequence, sequence: [seriesItem])
        return studyItem
    }
}
