import Foundation
import FundusImaging
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import RetinaAnnotation
import RetinaStore
import Testing
@testable import RetinaServer

/// A signed-in browser: its cookie and CSRF token.
struct Browser: Sendable {
    let cookie: String
    let csrf: String

    func headers(csrf sendsToken: Bool = true) -> HTTPFields {
        var fields: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
        if sendsToken { fields[HTTPField.Name("X-CSRF-Token")!] = csrf }
        return fields
    }
}

extension CheckedClient {
    func signIn(_ username: String, _ password: String = "a long password", sourceLocation: SourceLocation = #_sourceLocation) async throws -> Browser {
        let response = try await request("/v1/annotation/login", method: .post, headers: [.contentType: "application/json"],
                                         body: AnnotationAPITests.json(["username": username, "password": password]), sourceLocation: sourceLocation)
        #expect(response.status == 200, "sign-in of \(username): \(response.status)", sourceLocation: sourceLocation)
        let cookie = try #require(response.headers[.setCookie]).split(separator: ";")[0]
        return Browser(cookie: String(cookie), csrf: try #require(response.json?["csrfToken"] as? String))
    }

    func json(_ path: String, method: HTTPRequest.Method = .get, as browser: Browser, body: Any? = nil, csrf: Bool = true,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> CheckedResponse {
        try await request(path, method: method, headers: browser.headers(csrf: csrf), body: body.map { AnnotationAPITests.json($0) },
                          sourceLocation: sourceLocation)
    }
}

@Suite("Labelling platform API")
struct AnnotationAPITests {
    static func json(_ object: Any) -> [UInt8] { [UInt8](try! JSONSerialization.data(withJSONObject: object)) }

    /// An import root with a manifest of `count` generated photographs.
    static func importRoot(count: Int) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID())")
        let folder = root.appendingPathComponent("pilot")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines = ["image,split,eye,quality,diagnosis,od_x,od_y,od_w,od_h,fovea_x,fovea_y,vessel_mask,fov_mask,extra_mask,lesions"]
        for i in 0 ..< count {
            try Data(try SyntheticFundus(size: 128, seed: UInt64(i + 1)).draw().image.pngData()).write(to: folder.appendingPathComponent("\(i).png"))
            lines.append("\(i).png,test,,,,,,,,,,,,,")
        }
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return root
    }

    /// A fixture with an admin, two annotators, an adjudicator and an outsider, and an import root.
    static func fixture(photographs: Int = 3, now: @escaping @Sendable () -> Date = Date.init) async throws -> (ServerFixture, URL) {
        let root = try importRoot(count: photographs)
        let fixture = try ServerFixture(configure: { $0.importRoot = root }, now: now)
        for (name, role) in [("root", AnnotationRole.admin), ("ann", .annotator), ("bea", .annotator), ("adj", .adjudicator), ("out", .annotator)] {
            try await fixture.annotation.repository.createUser(
                UserAccount(username: name, passwordHash: Bcrypt4.hash("a long password"), role: role, createdAtMs: 0), actor: "test")
        }
        return (fixture, root)
    }

    static func createProject(_ client: CheckedClient, admin: Browser, members: [String] = ["ann", "bea", "adj"]) async throws -> String {
        let created = try await client.json("/v1/annotation/projects", method: .post, as: admin, body: [
            "name": "pilot", "members": members, "annotatorsPerPhotograph": 2, "manifest": "pilot/manifest.csv"])
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        return try #require(created.json?["id"] as? String)
    }

    @Test("Two annotators label blind, the adjudicator resolves their disagreement, and the export is the reference")
    func labelAdjudicateExport() async throws {
        let (fixture, root) = try await Self.fixture()
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        try await fixture.withClient { client in
            let admin = try await client.signIn("root")
            let project = try await Self.createProject(client, admin: admin)
            let (ann, bea, adj) = (try await client.signIn("ann"), try await client.signIn("bea"), try await client.signIn("adj"))
            let detail = try await client.json("/v1/annotation/projects/\(project)", as: ann)
            #expect(((detail.json?["shortcuts"] as? [String: [String: String]])?["stage"]?["3"]) == "s3")
            let queue = try #require((try await client.json("/v1/annotation/projects/\(project)/queue", as: ann)).json?["photographs"] as? [[String: Any]])
            #expect(queue.count == 3, "two annotators per photograph over two annotators: each has every photograph")
            #expect((queue[0]["draft"] as? [String: Any])?["eye"] != nil, "the models drafted the eye")
            #expect(queue[0]["layers"] as? [String] == ["ridge", "vessels"], "the models' maps as layers")
            #expect(((queue[0]["hints"] as? [String: String])?["rop"])?.contains("p = ") == true, "the ROP finding as a hint")
            let photographs = queue.compactMap { $0["photograph"] as? String }
            let image = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/image", as: ann)
            #expect(image.status == 200 && image.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let layer = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/layers/vessels", as: ann)
            #expect(layer.status == 200 && layer.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/layers/lesions", as: ann).status == 404)
            for (index, photograph) in photographs.enumerated() {
                let path = "/v1/annotation/projects/\(project)/photographs/\(photograph)/annotation"
                let annStage = index == 0 ? "2" : "0"
                #expect(try await client.json(path, method: .put, as: ann, body: ["labels": ["stage": ["option": annStage], "eye": ["option": "left"]]]).status == 200)
                #expect(try await client.json(path, method: .put, as: bea, body: ["labels": ["stage": ["option": "0"], "eye": ["option": "left"]]]).status == 200)
            }
            // Blind: before adjudication each annotator sees only their own labels.
            let seen = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/labels", as: ann)
            #expect((seen.json?["annotations"] as? [[String: Any]])?.map { $0["annotator"] as? String } == ["ann"])
            let all = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/labels", as: adj)
            #expect((all.json?["annotations"] as? [[String: Any]])?.count == 2)

            let queueItems = try #require((try await client.json("/v1/annotation/projects/\(project)/adjudication", as: adj)).json?["items"] as? [[String: Any]])
            #expect(queueItems.map { $0["photograph"] as? String } == [photographs[0]], "only the photograph they disagree on")
            let resolved = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/reference", method: .put, as: adj,
                                                 body: ["decisions": ["stage": ["option": "2"]]])
            #expect(resolved.status == 200)
            let stage = try #require((resolved.json?["fields"] as? [String: Any])?["stage"] as? [String: Any])
            #expect(stage["agreed"] as? [String] == ["ann"] && stage["overruled"] as? [String] == ["bea"] && stage["adjudicator"] as? String == "adj")
            let after = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photographs[0])/labels", as: ann)
            #expect((after.json?["annotations"] as? [[String: Any]])?.count == 2 && after.json?["reference"] != nil, "after adjudication the annotator sees all")

            let export = try await client.json("/v1/annotation/projects/\(project)/export?format=manifest", as: adj)
            let rows = String(decoding: export.body, as: UTF8.self).split(separator: "\n")
            #expect(rows.count == 4 && rows[0].hasPrefix("image,split,eye,quality,diagnosis"))
            #expect(rows[1].hasPrefix("0.png,test,left,,rop,") && rows[2].hasPrefix("1.png,test,left,,normal,"), "\(rows)")
            for format in ["labelme", "coco"] {
                #expect(try await client.json("/v1/annotation/projects/\(project)/export?format=\(format)", as: adj).status == 200)
            }
            let agreement = try await client.json("/v1/annotation/projects/\(project)/agreement", as: adj)
            #expect(agreement.status == 200 && (agreement.json?["draftAcceptance"] as? [String: Any])?["eye"] != nil)

            // Pairwise severity: the next pair, a judgement, the scores.
            let pair = try await client.json("/v1/annotation/projects/\(project)/pairs/next", as: adj)
            let (first, second) = (try #require(pair.json?["first"] as? String), try #require(pair.json?["second"] as? String))
            #expect(try await client.json("/v1/annotation/projects/\(project)/comparisons", method: .post, as: adj,
                                          body: ["winner": first, "loser": second]).status == 201)
            let severity = try await client.json("/v1/annotation/projects/\(project)/severity", as: adj)
            #expect(severity.json?["comparisons"] as? Int == 1 && (severity.json?["photographs"] as? [[String: Any]])?.first?["photograph"] as? String == first)
        }
        let trail = try await fixture.annotation.repository.auditEntries()
        #expect(trail.filter { $0.action == "annotation.save" }.count == 6 && trail.contains { $0.action == "reference.adjudicate" })
        #expect(try await fixture.annotation.repository.verifyAuditTrail().isIntact)
    }

    @Test("Nothing without a session; CSRF-less changes, other projects, other annotators' labels and role changes by non-admins are refused")
    func security() async throws {
        let (fixture, root) = try await Self.fixture(photographs: 2)
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        try await fixture.withClient { client in
            for path in ["/v1/annotation/projects", "/v1/annotation/session", "/v1/annotation/users"] {
                #expect(try await client.request(path).status == 401, "\(path) without a session")
            }
            let forged = Browser(cookie: "ropscreen_session=0123456789abcdef", csrf: "x")
            #expect(try await client.json("/v1/annotation/projects", as: forged).status == 401)
            let admin = try await client.signIn("root")
            let project = try await Self.createProject(client, admin: admin)
            let (ann, out) = (try await client.signIn("ann"), try await client.signIn("out"))
            let photograph = try #require(((try await client.json("/v1/annotation/projects/\(project)/queue", as: ann)).json?["photographs"] as? [[String: Any]])?
                .first?["photograph"] as? String)
            let path = "/v1/annotation/projects/\(project)/photographs/\(photograph)/annotation"
            let noToken = try await client.json(path, method: .put, as: ann, body: ["labels": ["stage": ["option": "1"]]], csrf: false)
            #expect(noToken.status == 403 && noToken.errorCode == "FORBIDDEN")
            let wrongToken = Browser(cookie: ann.cookie, csrf: admin.csrf)
            #expect(try await client.json(path, method: .put, as: wrongToken, body: ["labels": ["stage": ["option": "1"]]]).status == 403)
            #expect(try await client.json(path, method: .put, as: ann, body: ["labels": ["stage": ["option": "9"]]]).errorCode == "INVALID_LABEL")
            #expect(try await client.json(path, method: .put, as: ann, body: ["labels": ["stage": ["option": "1"]]]).status == 200)
            // An outsider guessing ids learns nothing: the project and its photographs are not found.
            #expect(try await client.json("/v1/annotation/projects/\(project)", as: out).status == 404)
            #expect(try await client.json("/v1/annotation/projects/\(project)/photographs/\(photograph)/image", as: out).status == 404)
            #expect(try await client.json("/v1/annotation/projects/\(project)/photographs/\(photograph)/labels", as: out).status == 404)
            #expect(try await client.json(path, method: .put, as: out, body: ["labels": ["stage": ["option": "1"]]]).status == 404)
            // Annotators do not adjudicate, export or manage accounts.
            #expect(try await client.json("/v1/annotation/projects/\(project)/adjudication", as: ann).status == 403)
            #expect(try await client.json("/v1/annotation/projects/\(project)/export", as: ann).status == 403)
            #expect(try await client.json("/v1/annotation/users/ann/role", method: .put, as: ann, body: ["role": "admin"]).status == 403)
            #expect(try await client.json("/v1/annotation/users", method: .post, as: ann,
                                          body: ["username": "eve", "password": "a long password", "role": "admin"]).status == 403)
            #expect(try await client.json("/v1/annotation/users/ann/role", method: .put, as: admin, body: ["role": "adjudicator"]).status == 204)
            #expect(try await client.json("/v1/annotation/logout", method: .post, as: ann).status == 204)
            #expect(try await client.json("/v1/annotation/session", as: ann).status == 401, "signed out")
        }
        let actions = try await fixture.annotation.repository.auditEntries().map(\.action)
        #expect(actions.contains("annotation.save") && actions.contains("user.role"))
    }

    @Test("Projects from a folder, from LabelMe files (their labels become the draft) and from an audit ranking (the review queue); paths outside the import root refused")
    func importSources() async throws {
        let (fixture, root) = try await Self.fixture(photographs: 2)
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        let labelme = root.appendingPathComponent("labelme")
        try FileManager.default.createDirectory(at: labelme, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("pilot/1.png"), to: labelme.appendingPathComponent("1.png"))
        let prior = LabelledPhotograph(photograph: "x", imagePath: "1.png", imageSize: ImageSize(width: 128, height: 128),
                                       labels: ["stage": .option("3"), "fovea": .point(ImagePoint(x: 60, y: 64))])
        try LabelMeExport(schema: .icrop3).json(for: prior).write(to: labelme.appendingPathComponent("1.json"))
        try """
            rank,image,given,suggested,suspect,p_given,p_suggested,p_good,p_bad,p_outlier
            1,\(root.appendingPathComponent("pilot/0.png").path),good,bad,yes,0.0100,0.9800,0.0100,0.9800,0.0100
            2,\(root.appendingPathComponent("pilot/1.png").path),good,,no,0.9000,,0.9000,0.0500,0.0500
            """.write(to: root.appendingPathComponent("audit.csv"), atomically: true, encoding: .utf8)
        try await fixture.withClient { client in
            let admin = try await client.signIn("root")
            let ann = try await client.signIn("ann")
            func create(_ source: [String: Any]) async throws -> CheckedResponse {
                try await client.json("/v1/annotation/projects", method: .post, as: admin,
                                      body: ["name": "p", "members": ["ann"], "annotatorsPerPhotograph": 1].merging(source) { $1 })
            }
            func drafts(_ response: CheckedResponse) async throws -> [[String: Any]] {
                let id = try #require(response.json?["id"] as? String, "\(String(decoding: response.body, as: UTF8.self))")
                return try #require((try await client.json("/v1/annotation/projects/\(id)/queue", as: ann)).json?["photographs"] as? [[String: Any]])
                    .compactMap { $0["draft"] as? [String: Any] }
            }
            #expect(try await drafts(try await create(["folder": "pilot"])).count == 2, "the folder's two PNGs (the manifest is not an image)")
            let fromLabelMe = try await drafts(try await create(["labelme": "labelme"]))
            #expect(fromLabelMe.count == 1 && (fromLabelMe[0]["stage"] as? [String: Any])?["option"] as? String == "3")
            let review = try await drafts(try await create(["review": "audit.csv"]))
            #expect(review.count == 1, "only the suspect")
            #expect((review.first?["image_quality"] as? [String: Any])?["option"] as? String == "good")
            #expect(((review.first?["note"] as? [String: Any])?["note"] as? String)?.contains("suggest bad") == true)
            // A project with a schema of its own: the drafts keep only its fields.
            let plusOnly: [String: Any] = ["name": "plus", "fields": [
                ["name": "plus", "kind": "categorical", "options": ["none", "pre-plus", "plus"], "ordinal": true, "key": "p"],
                ["name": "eye", "kind": "categorical", "options": ["left", "right"], "ordinal": false, "key": "e", "optionKeys": ["l", "r"]],
            ]]
            let custom = try await create(["folder": "pilot", "schema": plusOnly])
            let customID = try #require(custom.json?["id"] as? String, "\(String(decoding: custom.body, as: UTF8.self))")
            let detail = try await client.json("/v1/annotation/projects/\(customID)", as: ann)
            #expect(((detail.json?["schema"] as? [String: Any])?["fields"] as? [[String: Any]])?.count == 2)
            #expect(try await drafts(custom).allSatisfy { Set($0.keys).isSubset(of: ["plus", "eye"]) })
            #expect(try await create(["folder": "pilot", "schema": ["name": "empty", "fields": []]]).errorCode == "INVALID_JSON")
            for source: [String: Any] in [["folder": "../"], ["manifest": "/etc/passwd"], ["folder": "pilot", "manifest": "pilot/manifest.csv"], [:]] {
                #expect(try await create(source).status == 400, "\(source)")
            }
            #expect(try await client.json("/v1/annotation/projects", method: .post, as: ann,
                                          body: ["name": "p", "members": ["ann"], "annotatorsPerPhotograph": 1, "folder": "pilot"]).status == 403)
        }
    }

    @Test("Five failed sign-ins throttle the account; a session ends after the idle time")
    func throttlingAndIdleExpiry() async throws {
        let clock = TestClock()
        let (fixture, root) = try await Self.fixture(photographs: 1, now: { clock.now })
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        try await fixture.withClient { client in
            let browser = try await client.signIn("ann")
            for _ in 0 ..< 5 {
                let wrong = try await client.request("/v1/annotation/login", method: .post, headers: [.contentType: "application/json"],
                                                     body: Self.json(["username": "bea", "password": "not the password"]))
                #expect(wrong.status == 401)
            }
            let throttled = try await client.request("/v1/annotation/login", method: .post, headers: [.contentType: "application/json"],
                                                     body: Self.json(["username": "bea", "password": "a long password"]))
            #expect(throttled.status == 429 && throttled.errorCode == "TOO_MANY_ATTEMPTS", "even the right password waits")
            clock.advance(by: 16 * 60)
            _ = try await client.signIn("bea")
            #expect(try await client.json("/v1/annotation/session", as: browser).status == 200, "16 minutes idle: under the 30-minute limit")
            clock.advance(by: 31 * 60)
            #expect(try await client.json("/v1/annotation/session", as: browser).status == 401, "31 minutes idle: expired")
        }
    }
}

/// bcrypt at the lowest cost, for accounts made by tests.
enum Bcrypt4 {
    static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 4) }
}

/// A settable clock for the service.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()
    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
