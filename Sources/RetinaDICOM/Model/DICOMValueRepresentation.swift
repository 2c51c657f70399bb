/// A value representation: the two letters that say how a value is encoded.
public struct DICOMValueRepresentation: Hashable, Sendable, CustomStringConvertible {
    /// The two ASCII letters, e.g. `"UI"`.
    public let code: String

    public init?(code: String) {
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 2, scalars.allSatisfy({ $0.value >= 0x41 && $0.value <= 0x5A }) else { return nil }
        self.code = code
    }

    private init(known code: String) { self.code = code }

    init?(bytes first: UInt8, _ second: UInt8) {
        guard (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return nil }
        code = String(decoding: [first, second], as: UTF8.self)
    }

    public var description: String { code }

    /// In explicit VR these have two reserved bytes and a 32-bit length; all others a 16-bit length.
    public var hasLongLength: Bool { Self.longLength.contains(code) }

    /// Character strings, padded to even length with a space (UI with a NUL).
    public var isString: Bool { Self.strings.contains(code) }

    /// Strings whose values may not contain backslash-separated multiple values.
    var isSingleValuedText: Bool { code == "LT" || code == "ST" || code == "UT" || code == "UR" }

    /// The byte used to pad a value to even length.
    var paddingByte: UInt8 {
        if code == "UI" { return 0 }
        return isString ? 0x20 : 0
    }

    private static let longLength: Set<String> = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]
    private static let strings: Set<String> = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"]

    public static let AE = Self(known: "AE"), AS = Self(known: "AS"), AT = Self(known: "AT"), CS = Self(known: "CS")
    public static let DA = Self(known: "DA"), DS = Self(known: "DS"), DT = Self(known: "DT"), FD = Self(known: "FD")
    public static let FL = Self(known: "FL"), IS = Self(known: "IS"), LO = Self(known: "LO"), LT = Self(known: "LT")
    public static let OB = Self(known: "OB"), OD = Self(known: "OD"), OF = Self(known: "OF"), OL = Self(known: "OL")
    public static let OV = Self(known: "OV"), OW = Self(known: "OW"), PN = Self(known: "PN"), SH = Self(known: "SH")
    public static let SL = Self(known: "SL"), SQ = Self(known: "SQ"), SS = Self(known: "SS"), ST = Self(known: "ST")
    public static let SV = Self(known: "SV"), TM = Self(known: "TM"), UC = Self(known: "UC"), UI = Self(known: "UI")
    public static let UL = Self(known: "UL"), UN = Self(known: "UN"), UR = Self(known: "UR"), US = Self(known: "US")
    public static let UT = Self(known: "UT"), UV = Self(known: "UV")
}
