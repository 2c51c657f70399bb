import Crypto
import Foundation
import HTTPTypes

/// The labelling platform's session cookie: a random token the server keeps only
/// as its SHA-256, sent `HttpOnly` (no script reads it), `SameSite=Strict` (no other
/// site's page sends it) and, by default, `Secure`.
enum SessionCookie {
    static let name = "ropscreen_session"

    /// 32 random bytes, hex.
    static func newToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.map { String(format: "%02x", $0) }.joined()
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The token of the request's session cookie, if it sent one.
    static func token(in headers: HTTPFields) -> String? {
        for header in headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0] == name { return String(pair[1]) }
            }
        }
        return nil
    }

    static func setCookie(_ token: String, maxAge: Duration, secure: Bool) -> String {
        "\(name)=\(token); Path=/; Max-Age=\(maxAge.components.seconds); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clearCookie(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
