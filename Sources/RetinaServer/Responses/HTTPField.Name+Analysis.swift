import HTTPTypes

extension HTTPField.Name {
    /// The ids of every analysis a DICOM request made, comma-separated, in instance and frame order.
    static let analysisIDs = Self("X-Analysis-Ids")!
}
