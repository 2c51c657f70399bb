import Crypto
import Foundation
import Hummingbird

/// Who sent a request, as monitoring groups by it: a short hash of the API key, never the
/// key itself.
enum ClientIdentity {
    /// The API key a request presents, in `X-API-Key` or `Authorization: Bearer …`.
    static func presentedKey(_ headers: HTTPFields) -> String? {
        headers.first(where: { $0.name.canonicalName == "x-api-key" })?.value
            ?? headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
    }

    /// `key-` and the first 12 hex digits of the key's SHA-256; nil without a key.
    static func site(of headers: HTTPFields) -> String? {
        presentedKey(headers).map { key in
            "key-" + SHA256.hash(data: Data(key.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        }
    }
}
