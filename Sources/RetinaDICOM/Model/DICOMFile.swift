/// A DICOM Part 10 file: its file meta information and its data set.
public struct DICOMFile: Sendable, Equatable {
    /// Group 0002, always explicit VR little endian in the file.
    public var fileMeta: DICOMDataSet
    public var dataSet: DICOMDataSet
    /// The encoding of `dataSet` in the file it came from.
    public var transferSyntax: DICOMTransferSyntax

    public init(fileMeta: DICOMDataSet = DICOMDataSet(), dataSet: DICOMDataSet, transferSyntax: DICOMTransferSyntax) {
        self.fileMeta = fileMeta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
    }

    /// The SOP class, from the data set or else the file meta's Media Storage SOP Class UID.
    public var sopClassUID: String? {
        dataSet.string(.sopClassUID) ?? fileMeta.string(.mediaStorageSOPClassUID)
    }

    /// Media Storage Directory Storage: a DICOMDIR.
    public static let mediaStorageDirectorySOPClassUID = "1.2.840.10008.1.3.10"

    public var isDirectory: Bool {
        sopClassUID == Self.mediaStorageDirectorySOPClassUID || dataSet.contains(DICOMTag(0x0004, 0x1220))
    }
}
