import Foundation

/// A Secondary Capture Image (1.2.840.10008.5.1.4.1.1.7) of an 8-bit RGB
/// bitmap, such as the report overlay, filed in the source's study under a
/// new series.
public struct DICOMSecondaryCapture: Sendable {
    public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.7"

    public var study: DICOMStudyReference
    public var image: DICOMRGBFrame
    public var seriesInstanceUID: String
    public var sopInstanceUID: String
    public var seriesNumber: Int
    public var instanceNumber: Int
    public var seriesDescription: String
    public var contentDate: Date
    /// Set when the bitmap has text burned in (an overlay of the report does).
    public var burnedInAnnotation: Bool
    public var manufacturer: String
    public var softwareVersion: String?

    public init(study: DICOMStudyReference, image: DICOMRGBFrame,
                seriesInstanceUID: String = DICOMUID.make(), sopInstanceUID: String = DICOMUID.make(),
                seriesNumber: Int = 9001, instanceNumber: Int = 1,
                seriesDescription: String = "ropscreen analysis overlay", contentDate: Date = Date(),
                burnedInAnnotation: Bool = true, manufacturer: String = "ropscreen", softwareVersion: String? = nil) {
        self.study = study
        self.image = image
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.seriesNumber = seriesNumber
        self.instanceNumber = instanceNumber
        self.seriesDescription = seriesDescription
        self.contentDate = contentDate
        self.burnedInAnnotation = burnedInAnnotation
        self.manufacturer = manufacturer
        self.softwareVersion = softwareVersion
    }

    /// Patient, General Study, General Series, SC Equipment, General Image,
    /// Image Pixel, SC Image and SOP Common modules.
    public var dataSet: DICOMDataSet {
        var d = DICOMDataSet()
        let (date, time) = DICOMDateTime.dateAndTime(contentDate)
        d.set(.specificCharacterSet, .CS, "ISO_IR 192")
        d.set(.imageType, .CS, "DERIVED", "SECONDARY")
        d.set(.instanceCreationDate, .DA, date)
        d.set(.instanceCreationTime, .TM, time)
        d.set(.sopClassUID, .UI, Self.sopClassUID)
        d.set(.sopInstanceUID, .UI, sopInstanceUID)
        study.apply(to: &d)
        d.set(.seriesDate, .DA, date)
        d.set(.seriesTime, .TM, time)
        d.set(.contentDate, .DA, date)
        d.set(.contentTime, .TM, time)
        d.set(.modality, .CS, "OT")
        d.set(.conversionType, .CS, "WSD")
        d.set(.manufacturer, .LO, manufacturer)
        d.set(.seriesDescription, .LO, seriesDescription)
        if let softwareVersion { d.set(.softwareVersions, .LO, softwareVersion) }
        d.set(.derivationDescription, .ST, "Analysis overlay made by ropscreen from the source image")
        if let source = study.sourceImageItem { d.set(.sourceImageSequence, sequence: [source]) }
        d.set(.seriesInstanceUID, .UI, seriesInstanceUID)
        d.set(.seriesNumber, .IS, String(seriesNumber))
        d.set(.instanceNumber, .IS, String(instanceNumber))
        d.set(.patientOrientation, .CS, "")
        if let laterality = study.laterality { d.set(.laterality, .CS, laterality) }
        d.set(.samplesPerPixel, uint16: 3)
        d.set(.photometricInterpretation, .CS, "RGB")
        d.set(.planarConfiguration, uint16: 0)
        d.set(.rows, uint16: UInt16(clamping: image.height))
        d.set(.columns, uint16: UInt16(clamping: image.width))
        d.set(.bitsAllocated, uint16: 8)
        d.set(.bitsStored, uint16: 8)
        d.set(.highBit, uint16: 7)
        d.set(.pixelRepresentation, uint16: 0)
        d.set(.burnedInAnnotation, .CS, burnedInAnnotation ? "YES" : "NO")
        d.set(.lossyImageCompression, .CS, "00")
        d.set(.pixelData, .OB, bytes: image.pixels)
        return d
    }

    public func write(using writer: DICOMWriter = DICOMWriter()) throws -> Data {
        try writer.write(dataSet)
    }
}
