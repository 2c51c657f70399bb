import Foundation
import FundusImaging
import HTTPTypes
import Hummingbird
import Testing
@testable import RetinaServer

/// One test per error code of the API, each with a real bad input.
@Suite("API error codes")
struct ErrorCodeTests {
    static func json(_ object: [String: Any]) -> [UInt8] { [UInt8](try! JSONSerialization.data(withJSONObject: object)) }

    /// A PNG whose header declares `width` × `height` pixels (and has no pixel data).
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height)
            + [8, 2, 0, 0, 0] + [0, 0, 0, 0]
    }

    @Test("Each bad input gets its code and status, and nothing is stored")
    func codes() async throws {
        let fixture = try ServerFixture { $0.maximumBodyBytes = 256 * 1024 }
        defer { fixture.cleanUp() }
        let jpeg = try ServerFixture.fundusJPEG()
        try await fixture.withClient { client in
            let cases: [(String, CheckedResponse, String, Int)] = [
                ("empty body", try await client.analyse([], contentType: "image/jpeg"), "EMPTY_INPUT", 400),
                ("empty JSON image", try await client.analyse(Self.json(["image": ""]), contentType: "application/json"), "EMPTY_INPUT", 400),
                ("invalid base64", try await client.analyse(Self.json(["image": "not base64 at all!!"]), contentType: "application/json"), "INVALID_BASE64", 400),
                ("base64 of text", try await client.analyse(Self.json(["image": Data("hello, this is text".utf8).base64EncodedString()]),
                                                           contentType: "application/json"), "NOT_AN_IMAGE", 422),
                ("truncated JPEG", try await client.analyse(Array(jpeg.prefix(jpeg.count / 2))), "CORRUPT_IMAGE", 422),
                ("100000 × 100000 PNG header", try await client.analyse(Self.pngHeader(width: 100_000, height: 100_000), contentType: "image/png"),
                 "IMAGE_TOO_LARGE", 413),
                ("wrong content type", try await client.analyse(jpeg, contentType: "text/plain"), "UNSUPPORTED_MEDIA_TYPE", 415),
                ("unknown task", try await client.analyse(Self.json(["image": Data(jpeg).base64EncodedString(), "tasks": ["quality", "astrology"]]),
                                                         contentType: "application/json"), "UNKNOWN_TASK", 400),
                ("body over the limit", try await client.analyse([UInt8](repeating: 0xFF, count: 300 * 1024)), "IMAGE_TOO_LARGE", 413),
                ("not JSON", try await client.analyse(Array("{\"image\": ".utf8), contentType: "application/json"), "INVALID_JSON", 400),
                ("unknown analysis", try await client.request("/v1/analyses/nonexistent"), "NOT_FOUND", 404),
                ("negative history offset", try await client.request("/v1/analyses?offset=-1"), "INVALID_PARAMETER", 400),
                ("history limit over 500", try await client.request("/v1/analyses?limit=501"), "INVALID_PARAMETER", 400),
                ("non-integer history limit", try await client.request("/v1/analyses?limit=ten"), "INVALID_PARAMETER", 400),
                ("undeclared method", try await client.request("/v1/models", method: .trace), "METHOD_NOT_ALLOWED", 405),
                ("a method HTTP does not standardise", try await client.request("/v1/jobs/some-id", method: HTTPRequest.Method("QUERY")!), "METHOD_NOT_ALLOWED", 405),
                ("DELETE of an analysis", try await client.request("/v1/analyses/nonexistent", method: .delete), "METHOD_NOT_ALLOWED", 405),
                ("PUT on the history", try await client.request("/v1/analyses", method: .put), "METHOD_NOT_ALLOWED", 405),
                ("unknown route", try await client.request("/v2/nothing"), "NOT_FOUND", 404),
            ]
            for (name, response, code, status) in cases {
                #expect(response.errorCode == code && response.status == status, "\(name): \(response.status) \(response.errorCode ?? "-")")
            }
        }
        #expect(try await fixture.service.store.count() == 0)
    }

    @Test("Without a key: 401; a revoked key: 403; a valid key passes; health stays open")
    func apiKeys() async throws {
        let fixture = try ServerFixture { configuration in
            configuration.apiKeys = ["good-key"]
            configuration.revokedKeys = ["old-key"]
        }
        defer { fixture.cleanUp() }
        let key = HTTPField.Name("X-API-Key")!
        try await fixture.withClient { client in
            let none = try await client.request("/v1/models")
            let wrong = try await client.request("/v1/models", headers: [key: "wrong"])
            let revoked = try await client.request("/v1/models", headers: [key: "old-key"])
            let good = try await client.request("/v1/models", headers: [key: "good-key"])
            let bearer = try await client.request("/v1/models", headers: [.authorization: "Bearer good-key"])
            let health = try await client.request("/healthz")
            #expect(none.errorCode == "UNAUTHORIZED" && none.status == 401)
            #expect(wrong.status == 401)
            #expect(revoked.errorCode == "FORBIDDEN" && revoked.status == 403)
            #expect(good.status == 200 && bearer.status == 200 && health.status == 200)
        }
    }

    @Test("A full queue answers OVERLOADED (503) instead of queueing without bound")
    func overloaded() async throws {
        let fixture = try ServerFixture { configuration in
            configuration.queueCapacity = 1
            configuration.maximumBatchSize = 1
        }
        defer { fixture.cleanUp() }
        let jpeg = try ServerFixture.fundusJPEG()
        try await fixture.withClient { client in
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0 ..< 6 {
                    group.addTask {
                        let r = try await client.analyse(jpeg, query: "?tasks=quality,laterality,landmarks")
                        return (r.status, r.errorCode)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.contains { $0.0 == 200 })
            #expect(statuses.contains { $0.0 == 503 && $0.1 == "OVERLOADED" })
            #expect(statuses.allSatisfy { $0.0 == 200 || $0.0 == 503 })
            let answered = statuses.filter { $0.0 == 200 }.count
            #expect(try await fixture.service.store.count() == answered)
        }
    }

    @Test("API key files: keys, revoked keys and comments")
    func keyFile() {
        let keys = APIKeyFile.parse("# comment\nabc\nrevoked def\nghi extra\nrevoked abc\n")
        #expect(keys.valid == ["ghi"] && keys.revoked == ["def", "abc"])
    }
}
