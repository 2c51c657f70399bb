import Crypto

/// De-identifies a data set following the common subset of the Basic
/// Application Level Confidentiality Profile (PS3.15 Annex E, table E.1-1):
/// identifying attributes removed or emptied, instance UIDs replaced by
/// key-derived `2.25` UIDs (consistently, nested sequences included), dates
/// shifted or removed, private elements removed, and the fact recorded in
/// Patient Identity Removed and De-identification Method (Code Sequence).
///
/// Pixel data is not inspected: text burned into the image stays. The result
/// is a new data set that `DICOMWriter` writes.
public struct DICOMDeidentifier: Sendable {
    public var options: DICOMDeidentificationOptions

    public init(options: DICOMDeidentificationOptions) {
        self.options = options
    }

    public func deidentify(_ file: DICOMFile) -> DICOMFile {
        DICOMFile(dataSet: deidentify(file.dataSet), transferSyntax: file.transferSyntax)
    }

    public func deidentify(_ dataSet: DICOMDataSet) -> DICOMDataSet {
        var result = clean(dataSet, depth: 0)
        result.set(.patientID, .LO, options.replacementPatientID ?? dataSet.string(.patientID).map(pseudonym) ?? "")
        result.set(.patientName, .PN, options.replacementPatientName)
        result.set(.patientIdentityRemoved, .CS, "YES")
        var methods = [DICOMCode(value: "113100", scheme: "DCM", meaning: "Basic Application Confidentiality Profile")]
        var description = ["Basic Application Confidentiality Profile"]
        if case .shift = options.dates {
            methods.append(DICOMCode(value: "113107", scheme: "DCM", meaning: "Retain Longitudinal Temporal Information Modified Dates Option"))
            description.append("dates shifted")
            result.set(.longitudinalTemporalInformationModified, .CS, "MODIFIED")
        } else {
            result.set(.longitudinalTemporalInformationModified, .CS, "REMOVED")
        }
        if options.retainPatientCharacteristics {
            methods.append(DICOMCode(value: "113108", scheme: "DCM", meaning: "Retain Patient Characteristics Option"))
        }
        if options.retainDeviceIdentity {
            methods.append(DICOMCode(value: "113109", scheme: "DCM", meaning: "Retain Device Identity Option"))
        }
        result.set(.deidentificationMethod, .LO, String(("ropscreen: " + description.joined(separator: ", ")).prefix(64)))
        result.set(.deidentificationMethodCodeSequence, sequence: methods.map(\.item))
        return result
    }

    /// A stable pseudonym for a patient identifier: the first 16 hex digits of its keyed hash.
    public func pseudonym(_ identifier: String) -> String {
        let digest = Array(HMAC<SHA256>.authenticationCode(for: Array(("patient:" + identifier).utf8), using: SymmetricKey(data: options.key)))
        return "ROPS-" + digest.prefix(8).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    // MARK: Rules

    private enum Action {
        /// X: remove.
        case remove
        /// Z: keep the attribute with an empty value (type 2).
        case empty
        /// U: replace the UID with a derived one.
        case replaceUID
    }

    private func clean(_ dataSet: DICOMDataSet, depth: Int) -> DICOMDataSet {
        var result = DICOMDataSet()
        for element in dataSet.elements {
            let tag = element.tag
            if tag.isGroupLength { continue }
            if options.removePrivateTags && tag.isPrivate { continue }
            // Curves (50xx) and overlay comments / activation layers (60xx) can hold text.
            if tag.group & 0xFF00 == 0x5000 || (tag.group & 0xFF00 == 0x6000 && tag.element == 0x4000) { continue }
            switch action(for: tag) {
            case .remove?: continue
            case .empty?:
                result[tag] = DICOMElement(tag: tag, vr: element.vr, bytes: [])
                continue
            case .replaceUID?:
                if let uid = dataSet.string(tag) {
                    result.set(tag, element.vr, DICOMUID.derived(from: uid, key: options.key))
                } else {
                    result[tag] = element
                }
                continue
            case nil:
                break
            }
            switch element.value {
            case .sequence(let items):
                result[tag] = DICOMElement(tag: tag, vr: .SQ, value: .sequence(items.map { clean($0, depth: depth + 1) }))
            case .bytes where element.vr == .DA || element.vr == .DT || element.vr == .TM:
                if let dated = date(element, in: dataSet) { result[tag] = dated }
            default:
                result[tag] = element
            }
        }
        return result
    }

    /// The element after the date rule, or nil to remove it.
    private func date(_ element: DICOMElement, in dataSet: DICOMDataSet) -> DICOMElement? {
        let keepEmpty = Self.type2Dates.contains(element.tag)
        switch options.dates {
        case .remove:
            return keepEmpty ? DICOMElement(tag: element.tag, vr: element.vr, bytes: []) : nil
        case .shift(let days):
            if element.vr == .TM { return element }
            let values = dataSet.strings(element.tag)
            let shifted = values.map { $0.isEmpty ? "" : DICOMDateTime.shift($0, days: days) ?? "" }
            var copy = DICOMDataSet()
            copy.set(element.tag, element.vr, strings: shifted)
            return copy[element.tag]
        }
    }

    private func action(for tag: DICOMTag) -> Action? {
        if Self.uidTags.contains(tag) { return .replaceUID }
        if Self.emptiedTags.contains(tag) { return .empty }
        if Self.removedTags.contains(tag) { return .remove }
        if !options.retainPatientCharacteristics && Self.patientCharacteristics.contains(tag) {
            return tag == .patientSex ? .empty : .remove
        }
        if !options.retainDeviceIdentity && Self.deviceIdentity.contains(tag) { return .remove }
        return nil
    }

    private static func tags(_ pairs: [(UInt16, UInt16)]) -> Set<DICOMTag> { Set(pairs.map { DICOMTag($0.0, $0.1) }) }

    /// Instance and frame-of-reference UIDs (U); class UIDs and transfer syntaxes are kept.
    private static let uidTags = tags([
        (0x0002, 0x0003), (0x0004, 0x1511), (0x0008, 0x0014), (0x0008, 0x0018), (0x0008, 0x0058), (0x0008, 0x1155),
        (0x0008, 0x3010), (0x0020, 0x000D), (0x0020, 0x000E), (0x0020, 0x0052), (0x0020, 0x0200), (0x0020, 0x9161),
        (0x0028, 0x1199), (0x0040, 0xA124), (0x0040, 0xDB0C), (0x0040, 0xDB0D), (0x0088, 0x0140), (0x3006, 0x0024),
        (0x3006, 0x00C2), (0x0062, 0x0021), (0x0070, 0x031A), (0x0040, 0x4023),
    ])

    /// Type 2 attributes kept with an empty value (Z).
    private static let emptiedTags = tags([
        (0x0008, 0x0050), (0x0008, 0x0090), (0x0020, 0x0010),
    ])

    /// Dates that must stay present, empty, when dates are removed.
    private static let type2Dates = tags([(0x0010, 0x0030), (0x0008, 0x0020), (0x0008, 0x0030), (0x0008, 0x0023), (0x0008, 0x0033), (0x0040, 0xA032)])

    /// Removed (X): identifying attributes of patient, institution, staff, request and free text.
    private static let removedTags = tags([
        (0x0008, 0x0080), (0x0008, 0x0081), (0x0008, 0x0082), (0x0008, 0x0092), (0x0008, 0x0094), (0x0008, 0x0096),
        (0x0008, 0x1030), (0x0008, 0x103E), (0x0008, 0x1040), (0x0008, 0x1048), (0x0008, 0x1049),
        (0x0008, 0x1050), (0x0008, 0x1052), (0x0008, 0x1060), (0x0008, 0x1062), (0x0008, 0x1070), (0x0008, 0x1072),
        (0x0008, 0x1080), (0x0008, 0x1084), (0x0008, 0x1110), (0x0008, 0x1111), (0x0008, 0x1120), (0x0008, 0x2111),
        (0x0008, 0x4000), (0x0010, 0x0021), (0x0010, 0x0032), (0x0010, 0x0050), (0x0010, 0x0101), (0x0010, 0x0102),
        (0x0010, 0x1000), (0x0010, 0x1001), (0x0010, 0x1002), (0x0010, 0x1005), (0x0010, 0x1040), (0x0010, 0x1060),
        (0x0010, 0x1080), (0x0010, 0x1081), (0x0010, 0x1090), (0x0010, 0x2000), (0x0010, 0x2110), (0x0010, 0x2150),
        (0x0010, 0x2152), (0x0010, 0x2154), (0x0010, 0x2160), (0x0010, 0x2180), (0x0010, 0x21A0), (0x0010, 0x21B0),
        (0x0010, 0x21C0), (0x0010, 0x21D0), (0x0010, 0x21F0), (0x0010, 0x2203), (0x0010, 0x4000),
        (0x0018, 0x1030), (0x0018, 0x4000), (0x0020, 0x4000), (0x0020, 0x9158),
        (0x0032, 0x1032), (0x0032, 0x1033), (0x0032, 0x1060), (0x0032, 0x1070), (0x0032, 0x4000),
        (0x0038, 0x0010), (0x0038, 0x0011), (0x0038, 0x001E), (0x0038, 0x0300), (0x0038, 0x0400), (0x0038, 0x0500),
        (0x0038, 0x4000), (0x0040, 0x0006), (0x0040, 0x0241), (0x0040, 0x0242), (0x0040, 0x0243), (0x0040, 0x0253),
        (0x0040, 0x0254), (0x0040, 0x0275), (0x0040, 0x0280), (0x0040, 0x1001), (0x0040, 0x1004), (0x0040, 0x1005),
        (0x0040, 0x1010), (0x0040, 0x1400), (0x0040, 0x2016), (0x0040, 0x2017), (0x0040, 0x2400), (0x0040, 0x3001),
        (0x0040, 0xA027), (0x0040, 0xA073), (0x0040, 0xA075), (0x0040, 0xA088), (0x0040, 0xA123), (0x4008, 0x0114),
        (0x0010, 0x1100), (0x0012, 0x0010), (0x0012, 0x0020), (0x0012, 0x0030), (0x0012, 0x0040),
    ])

    private static let patientCharacteristics = tags([(0x0010, 0x0040), (0x0010, 0x1010), (0x0010, 0x1020), (0x0010, 0x1030)])
    private static let deviceIdentity = tags([(0x0018, 0x1000), (0x0008, 0x1010), (0x0018, 0x1002), (0x0018, 0x1004), (0x0018, 0x1005)])
}
