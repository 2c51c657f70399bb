import Crypto
import Foundation

/// Makes UIDs in the `2.25` form (PS3.5 B.2): "2.25." followed by the decimal
/// value of a 128-bit UUID, which needs no registered organisation root.
public enum DICOMUID {
    /// The UID of a UUID (a fresh random one unless given).
    public static func make(from uuid: UUID = UUID()) -> String {
        let bytes = uuid.uuid
        let parts = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5, bytes.6, bytes.7,
                     bytes.8, bytes.9, bytes.10, bytes.11, bytes.12, bytes.13, bytes.14, bytes.15]
        return make(fromUUIDBytes: parts)
    }

    /// The UID of 16 bytes taken as a big-endian UUID.
    static func make(fromUUIDBytes bytes: [UInt8]) -> String {
        var value: UInt128 = 0
        for byte in bytes.prefix(16) { value = value << 8 | UInt128(byte) }
        return "2.25." + String(value)
    }

    /// A UID derived one-way from `original` and a secret key: the same input
    /// always gives the same UID (so references inside and across objects stay
    /// consistent), and the original cannot be recovered without the key. The
    /// HMAC-SHA-256 is cut to 128 bits and marked as a version-8 (custom) UUID.
    public static func derived(from original: String, key: [UInt8]) -> String {
        var digest = Array(HMAC<SHA256>.authenticationCode(for: Array(original.utf8), using: SymmetricKey(data: key)).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x80
        digest[8] = (digest[8] & 0x3F) | 0x80
        return make(fromUUIDBytes: digest)
    }

    /// A syntactically valid UID: 1–64 characters, digits in dot-separated
    /// components, no leading zero in a component longer than one digit.
    public static func isValid(_ uid: String) -> Bool {
        guard (1...64).contains(uid.utf8.count) else { return false }
        for component in uid.split(separator: ".", omittingEmptySubsequences: false) {
            guard !component.isEmpty, component.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            if component.count > 1 && component.first == "0" { return false }
        }
        return true
    }
}
