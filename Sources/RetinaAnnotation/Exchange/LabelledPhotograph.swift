/// What an export needs of one photograph: where its image lies, its size, its split, and
/// its reference labels with their provenance. LabelMe import gives one back.
public struct LabelledPhotograph: Sendable, Hashable {
    public let photograph: PhotographID
    /// The image path relative to the project's (or dataset's) folder, as the manifest's
    /// `image` column and LabelMe's `imagePath` hold it.
    public let imagePath: String
    public let imageSize: ImageSize
    /// `train` or `test` where the project splits its photographs.
    public let split: String?
    /// The reference labels by field name (for ICROP3, `LabelSchema.ICROP3Field`); a field
    /// left out was not labelled or was ruled absent.
    public let labels: [String: LabelValue]
    /// Where each reference field came from (who agreed, who was overruled, who decided),
    /// fields ruled absent included; empty when the labels carry no provenance.
    public let provenance: [String: ReferenceValue]
    /// Cells of the project's source manifest that no label fills (`vessel_mask`,
    /// `fov_mask`, `extra_mask`, `lesions`), by column name: the manifest export writes them
    /// back unchanged.
    public let sourceColumns: [String: String]

    public init(photograph: PhotographID, imagePath: String, imageSize: ImageSize, split: String? = nil,
                labels: [String: LabelValue], provenance: [String: ReferenceValue] = [:],
                sourceColumns: [String: String] = [:]) {
        self.photograph = photograph
        self.imagePath = imagePath
        self.imageSize = imageSize
        self.split = split
        self.labels = labels
        self.provenance = provenance
        self.sourceColumns = sourceColumns
    }

    /// The adjudicated reference of a photograph, labels and provenance both.
    public init(reference: ReferenceLabel, imagePath: String, imageSize: ImageSize, split: String? = nil,
                sourceColumns: [String: String] = [:]) {
        self.init(photograph: reference.photograph, imagePath: imagePath, imageSize: imageSize, split: split,
                  labels: reference.labels, provenance: reference.fields, sourceColumns: sourceColumns)
    }
}
