/// A data element tag: group and element number, as in `(0010,0020)`.
public struct DICOMTag: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var group: UInt16
    public var element: UInt16

    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// Odd groups (other than 0001, 0003, 0005, 0007, FFFF) hold vendors' private data.
    public var isPrivate: Bool { group & 1 == 1 && group > 0x0008 && group != 0xFFFF }
    /// `(gggg,0000)`: the retired group length of the data set, or the file meta group length.
    public var isGroupLength: Bool { element == 0 }
    public var isFileMeta: Bool { group == 0x0002 }

    public static func < (lhs: DICOMTag, rhs: DICOMTag) -> Bool {
        (lhs.group, lhs.element) < (rhs.group, rhs.element)
    }

    public var description: String {
        "(" + Self.hex(group) + "," + Self.hex(element) + ")"
    }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension DICOMTag {
    // File meta information.
    public static let fileMetaGroupLength = DICOMTag(0x0002, 0x0000)
    public static let fileMetaInformationVersion = DICOMTag(0x0002, 0x0001)
    public static let mediaStorageSOPClassUID = DICOMTag(0x0002, 0x0002)
    public static let mediaStorageSOPInstanceUID = DICOMTag(0x0002, 0x0003)
    public static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)
    public static let implementationClassUID = DICOMTag(0x0002, 0x0012)
    public static let implementationVersionName = DICOMTag(0x0002, 0x0013)

    // SOP common, study, series, equipment.
    public static let specificCharacterSet = DICOMTag(0x0008, 0x0005)
    public static let imageType = DICOMTag(0x0008, 0x0008)
    public static let instanceCreationDate = DICOMTag(0x0008, 0x0012)
    public static let instanceCreationTime = DICOMTag(0x0008, 0x0013)
    public static let sopClassUID = DICOMTag(0x0008, 0x0016)
    public static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    public static let studyDate = DICOMTag(0x0008, 0x0020)
    public static let seriesDate = DICOMTag(0x0008, 0x0021)
    public static let acquisitionDate = DICOMTag(0x0008, 0x0022)
    public static let contentDate = DICOMTag(0x0008, 0x0023)
    public static let acquisitionDateTime = DICOMTag(0x0008, 0x002A)
    public static let studyTime = DICOMTag(0x0008, 0x0030)
    public static let seriesTime = DICOMTag(0x0008, 0x0031)
    public static let acquisitionTime = DICOMTag(0x0008, 0x0032)
    public static let contentTime = DICOMTag(0x0008, 0x0033)
    public static let accessionNumber = DICOMTag(0x0008, 0x0050)
    public static let modality = DICOMTag(0x0008, 0x0060)
    public static let conversionType = DICOMTag(0x0008, 0x0064)
    public static let manufacturer = DICOMTag(0x0008, 0x0070)
    public static let institutionName = DICOMTag(0x0008, 0x0080)
    public static let referringPhysicianName = DICOMTag(0x0008, 0x0090)
    public static let codeValue = DICOMTag(0x0008, 0x0100)
    public static let codingSchemeDesignator = DICOMTag(0x0008, 0x0102)
    public static let codeMeaning = DICOMTag(0x0008, 0x0104)
    /// Long Code Value (UC): a code longer than Code Value's 16 characters.
    public static let longCodeValue = DICOMTag(0x0008, 0x0119)
    public static let timezoneOffsetFromUTC = DICOMTag(0x0008, 0x0201)
    public static let seriesDescription = DICOMTag(0x0008, 0x103E)
    public static let manufacturerModelName = DICOMTag(0x0008, 0x1090)
    public static let referencedSOPClassUID = DICOMTag(0x0008, 0x1150)
    public static let referencedSOPInstanceUID = DICOMTag(0x0008, 0x1155)
    public static let referencedSeriesSequence = DICOMTag(0x0008, 0x1115)
    public static let referencedSOPSequence = DICOMTag(0x0008, 0x1199)
    public static let sourceImageSequence = DICOMTag(0x0008, 0x2112)
    public static let derivationDescription = DICOMTag(0x0008, 0x2111)

    // Patient.
    public static let patientName = DICOMTag(0x0010, 0x0010)
    public static let patientID = DICOMTag(0x0010, 0x0020)
    public static let patientBirthDate = DICOMTag(0x0010, 0x0030)
    public static let patientSex = DICOMTag(0x0010, 0x0040)
    public static let patientIdentityRemoved = DICOMTag(0x0012, 0x0062)
    public static let deidentificationMethod = DICOMTag(0x0012, 0x0063)
    public static let deidentificationMethodCodeSequence = DICOMTag(0x0012, 0x0064)

    public static let deviceSerialNumber = DICOMTag(0x0018, 0x1000)
    public static let softwareVersions = DICOMTag(0x0018, 0x1020)

    // Study, series, image relationship.
    public static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    public static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    public static let studyID = DICOMTag(0x0020, 0x0010)
    public static let seriesNumber = DICOMTag(0x0020, 0x0011)
    public static let instanceNumber = DICOMTag(0x0020, 0x0013)
    public static let patientOrientation = DICOMTag(0x0020, 0x0020)
    public static let laterality = DICOMTag(0x0020, 0x0060)
    public static let imageLaterality = DICOMTag(0x0020, 0x0062)

    // Image pixel.
    public static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    public static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    public static let planarConfiguration = DICOMTag(0x0028, 0x0006)
    public static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    public static let rows = DICOMTag(0x0028, 0x0010)
    public static let columns = DICOMTag(0x0028, 0x0011)
    public static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    public static let bitsStored = DICOMTag(0x0028, 0x0101)
    public static let highBit = DICOMTag(0x0028, 0x0102)
    public static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    public static let burnedInAnnotation = DICOMTag(0x0028, 0x0301)
    public static let longitudinalTemporalInformationModified = DICOMTag(0x0028, 0x0303)
    public static let lossyImageCompression = DICOMTag(0x0028, 0x2110)

    // Structured reporting.
    public static let relationshipType = DICOMTag(0x0040, 0xA010)
    public static let verifyingObserverSequence = DICOMTag(0x0040, 0xA073)
    public static let valueType = DICOMTag(0x0040, 0xA040)
    public static let conceptNameCodeSequence = DICOMTag(0x0040, 0xA043)
    public static let continuityOfContent = DICOMTag(0x0040, 0xA050)
    public static let conceptCodeSequence = DICOMTag(0x0040, 0xA168)
    public static let textValue = DICOMTag(0x0040, 0xA160)
    public static let measuredValueSequence = DICOMTag(0x0040, 0xA300)
    public static let measurementUnitsCodeSequence = DICOMTag(0x0040, 0x08EA)
    public static let numericValue = DICOMTag(0x0040, 0xA30A)
    public static let completionFlag = DICOMTag(0x0040, 0xA491)
    public static let verificationFlag = DICOMTag(0x0040, 0xA493)
    public static let contentSequence = DICOMTag(0x0040, 0xA730)
    public static let currentRequestedProcedureEvidenceSequence = DICOMTag(0x0040, 0xA375)
    public static let performedProcedureCodeSequence = DICOMTag(0x0040, 0xA372)
    public static let referencedPerformedProcedureStepSequence = DICOMTag(0x0008, 0x1111)
    public static let templateIdentifier = DICOMTag(0x0040, 0xDB00)

    public static let pixelData = DICOMTag(0x7FE0, 0x0010)

    // Item and delimiters (they carry no VR).
    public static let item = DICOMTag(0xFFFE, 0xE000)
    public static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    public static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)
}
