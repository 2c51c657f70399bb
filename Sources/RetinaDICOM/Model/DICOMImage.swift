/// A parsed DICOM image: its identifiers, its frames (one analysis each) and
/// the file it came from, for writing results that reference it.
public struct DICOMImage: Sendable, Equatable {
    public var metadata: DICOMImageMetadata
    public var frames: [DICOMFrame]
    public var file: DICOMFile

    public init(metadata: DICOMImageMetadata, frames: [DICOMFrame], file: DICOMFile) {
        self.metadata = metadata
        self.frames = frames
        self.file = file
    }
}
