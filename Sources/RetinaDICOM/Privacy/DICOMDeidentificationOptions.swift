/// How `DICOMDeidentifier` treats what the basic profile lets a site choose.
public struct DICOMDeidentificationOptions: Sendable {
    /// Secret key of the one-way UID and pseudonym derivation. The same key
    /// maps the same UID to the same replacement in every object, so a
    /// study's images stay linked; keep it secret and stable per data set.
    public var key: [UInt8]
    public var dates: DateHandling
    /// Replaces Patient ID; nil derives a pseudonym from the original ID and the key.
    public var replacementPatientID: String?
    /// Replaces Patient's Name (empty by default).
    public var replacementPatientName: String
    /// Keep Patient's Sex, Age, Size and Weight (Retain Patient Characteristics Option).
    public var retainPatientCharacteristics: Bool
    /// Keep Manufacturer's Model Name, Device Serial Number, Station Name (Retain Device Identity Option).
    public var retainDeviceIdentity: Bool
    /// Remove private (odd-group) elements.
    public var removePrivateTags: Bool

    public enum DateHandling: Sendable, Equatable {
        /// Every DA and DT value moved by the same number of days, so intervals
        /// (postmenstrual age at screening) survive (Retain Longitudinal
        /// Temporal Information with Modified Dates Option).
        case shift(days: Int)
        /// Dates and times removed (emptied where the attribute is type 2).
        case remove
    }

    public init(key: [UInt8], dates: DateHandling = .remove, replacementPatientID: String? = nil,
                replacementPatientName: String = "", retainPatientCharacteristics: Bool = false,
                retainDeviceIdentity: Bool = false, removePrivateTags: Bool = true) {
        self.key = key
        self.dates = dates
        self.replacementPatientID = replacementPatientID
        self.replacementPatientName = replacementPatientName
        self.retainPatientCharacteristics = retainPatientCharacteristics
        self.retainDeviceIdentity = retainDeviceIdentity
        self.removePrivateTags = removePrivateTags
    }
}
