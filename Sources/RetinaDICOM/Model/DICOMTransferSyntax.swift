/// How a data set is encoded: VR explicit or implicit, byte order, and whether
/// the pixel data is compressed (encapsulated).
public struct DICOMTransferSyntax: Hashable, Sendable, CustomStringConvertible {
    public let uid: String

    public init(uid: String) { self.uid = uid }

    public static let implicitVRLittleEndian = Self(uid: "1.2.840.10008.1.2")
    public static let explicitVRLittleEndian = Self(uid: "1.2.840.10008.1.2.1")
    public static let deflatedExplicitVRLittleEndian = Self(uid: "1.2.840.10008.1.2.1.99")
    /// Retired; refused by the reader.
    public static let explicitVRBigEndian = Self(uid: "1.2.840.10008.1.2.2")
    public static let jpegBaseline = Self(uid: "1.2.840.10008.1.2.4.50")
    public static let jpegExtended = Self(uid: "1.2.840.10008.1.2.4.51")
    public static let jpegLossless = Self(uid: "1.2.840.10008.1.2.4.57")
    public static let jpegLosslessFirstOrder = Self(uid: "1.2.840.10008.1.2.4.70")
    public static let jpegLSLossless = Self(uid: "1.2.840.10008.1.2.4.80")
    public static let jpegLSNearLossless = Self(uid: "1.2.840.10008.1.2.4.81")
    public static let jpeg2000Lossless = Self(uid: "1.2.840.10008.1.2.4.90")
    public static let jpeg2000 = Self(uid: "1.2.840.10008.1.2.4.91")
    public static let htj2kLossless = Self(uid: "1.2.840.10008.1.2.4.201")
    public static let htj2kLosslessRPCL = Self(uid: "1.2.840.10008.1.2.4.202")
    public static let htj2k = Self(uid: "1.2.840.10008.1.2.4.203")
    public static let rleLossless = Self(uid: "1.2.840.10008.1.2.5")

    private static let native: Set<String> = [implicitVRLittleEndian.uid, explicitVRLittleEndian.uid, deflatedExplicitVRLittleEndian.uid]
    private static let encapsulated: Set<String> = [
        jpegBaseline.uid, jpegExtended.uid, jpegLossless.uid, jpegLosslessFirstOrder.uid,
        jpegLSLossless.uid, jpegLSNearLossless.uid, jpeg2000Lossless.uid, jpeg2000.uid,
        htj2kLossless.uid, htj2kLosslessRPCL.uid, htj2k.uid, rleLossless.uid,
    ]

    /// Whether the reader can decode data sets in this syntax.
    public var isSupported: Bool { Self.native.contains(uid) || Self.encapsulated.contains(uid) }
    public var isExplicitVR: Bool { self != .implicitVRLittleEndian }
    public var isDeflated: Bool { self == .deflatedExplicitVRLittleEndian }
    /// Compressed pixel data, stored as fragments; the frames go to the caller undecoded.
    public var isEncapsulated: Bool { Self.encapsulated.contains(uid) }

    public var description: String {
        switch self {
        case .implicitVRLittleEndian: "Implicit VR Little Endian"
        case .explicitVRLittleEndian: "Explicit VR Little Endian"
        case .deflatedExplicitVRLittleEndian: "Deflated Explicit VR Little Endian"
        case .explicitVRBigEndian: "Explicit VR Big Endian"
        case .jpegBaseline: "JPEG Baseline"
        case .jpegLSLossless, .jpegLSNearLossless: "JPEG-LS"
        case .jpeg2000Lossless, .jpeg2000: "JPEG 2000"
        case .rleLossless: "RLE Lossless"
        default: uid
        }
    }
}
