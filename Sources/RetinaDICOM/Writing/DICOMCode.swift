/// A coded concept as DICOM writes it in a Code Sequence item (PS3.3 8.8):
/// value, coding scheme designator and meaning.
public struct DICOMCode: Sendable, Equatable, Hashable {
    public var value: String
    /// "SCT" (SNOMED CT), "LN" (LOINC), "UCUM", "DCM", or a private "99…" scheme.
    public var scheme: String
    public var meaning: String

    public init(value: String, scheme: String, meaning: String) {
        self.value = value
        self.scheme = scheme
        self.meaning = meaning
    }

    /// The private coding scheme of ropscreen's own concepts ("99" prefix: local, PS3.16 8.1).
    public static let ropscreenScheme = "99ROPSCREEN"

    public static func ropscreen(_ value: String, _ meaning: String) -> DICOMCode {
        DICOMCode(value: value, scheme: ropscreenScheme, meaning: meaning)
    }

    /// SNOMED CT 415297005 |Retinopathy of prematurity (disorder)|.
    public static let retinopathyOfPrematurity = DICOMCode(value: "415297005", scheme: "SCT", meaning: "Retinopathy of prematurity")
    /// UCUM "1": a dimensionless number (a probability, a ratio).
    public static let noUnits = DICOMCode(value: "1", scheme: "UCUM", meaning: "no units")
    public static let pixels = DICOMCode(value: "{pixels}", scheme: "UCUM", meaning: "pixels")

    /// A value over 16 characters (SH's limit) goes into Long Code Value instead (PS3.3 8.8).
    var item: DICOMDataSet {
        var item = DICOMDataSet()
        if value.count > 16 { item.set(.longCodeValue, .UC, value) } else { item.set(.codeValue, .SH, value) }
        item.set(.codingSchemeDesignator, .SH, scheme)
        item.set(.codeMeaning, .LO, meaning)
        return item
    }

    init?(item: DICOMDataSet) {
        guard let value = item.string(.codeValue) ?? item.string(.longCodeValue), let scheme = item.string(.codingSchemeDesignator) else { return nil }
        self.init(value: value, scheme: scheme, meaning: item.string(.codeMeaning) ?? "")
    }
}
