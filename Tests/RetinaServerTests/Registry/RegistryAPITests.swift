import Foundation
import HTTPTypes
import RetinaAnnotation
import RetinaStore
import Testing
@testable import RetinaServer

/// Issue 18 through the public API: labels given through the annotation API make the locked
/// evaluation set, the gate refuses a flipped candidate with its reasons and admits a sound one,
/// the candidate shadows production off the request path, promotion changes the model behind new
/// reports, rollback restores it, and every move is audited. Needs HVDROPDB-full (skips without).
@Suite("Model registry API", .serialized)
struct RegistryAPITests {
    static let dataRoot = ProcessInfo.processInfo.environment["ROPSCREEN_DATA"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Four ROP and four normal photographs of HVDROPDB-full's test split under a new import root, in
    /// `locked/manifest.csv` without their diagnosis (the doctor gives it), and the truth in import order.
    static func importRoot() throws -> (root: URL, truth: [Bool])? {
        let source = dataRoot.appendingPathComponent("HVDROPDB-full")
        guard let manifest = try? String(contentsOf: source.appendingPathComponent("manifest.csv"), encoding: .utf8) else {
            print("skipped: HVDROPDB-full not found under $ROPSCREEN_DATA or ../shared/data")
            return nil
        }
        let rows = manifest.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count > 4 && $0[1] == "test" }
        let chosen = Array(rows.filter { $0[4] == "rop" }.prefix(4)) + Array(rows.filter { $0[4] == "normal" }.prefix(4))
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-import-\(UUID())")
        let folder = root.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines = ["image,split,eye,quality,diagnosis,od_x,od_y,od_w,od_h,fovea_x,fovea_y,vessel_mask,fov_mask,extra_mask,lesions"]
        for (index, row) in chosen.enumerated() {
            let name = "\(index).jpg"
            try FileManager.default.copyItem(at: source.appendingPathComponent(row[0]), to: folder.appendingPathComponent(name))
            lines.append("\(name),test,,,,,,,,,,,,,")
        }
        try lines.joined(separator: "\n").write(to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        return (root, chosen.map { $0[4] == "rop" })
    }

    /// The ROP finding's path of a report (the quality gate, then the model), which is all a promotion changes.
    static let findingOnly = "?tasks=quality,rop"

    @Test("Doctors' labels make the locked set; the gate refuses a flipped candidate and admits a sound one; shadow, promotion, rollback")
    func endToEnd() async throws {
        guard let (root, truth) = try Self.importRoot() else { return }
        let fixture = try RegistryFixture(importRoot: root)
        defer {
            fixture.cleanUp()
            try? FileManager.default.removeItem(at: root)
        }
        try await fixture.addUsers([("root", .admin), ("ann", .annotator)])
        let shadowing = Task { try? await fixture.shadow.run() }
        defer { shadowing.cancel() }
        let candidates = fixture.directory.appendingPathComponent("candidates")
        let photos = try (0 ..< truth.count).map { try [UInt8](Data(contentsOf: root.appendingPathComponent("locked/\($0).jpg"))) }

        try await fixture.withClient { client in
            let admin = try await client.signIn("root")
            let ann = try await client.signIn("ann")
            // A photograph the quality gate lets through, for the reports below.
            var probe: [UInt8]?
            for candidate in photos where probe == nil {
                if try await client.analyse(candidate, query: Self.findingOnly).status == 200 { probe = candidate }
            }
            let photo = try #require(probe)
            let created = try await client.json("/v1/annotation/projects", method: .post, as: admin, body: [
                "name": "locked set", "members": ["ann"], "annotatorsPerPhotograph": 1, "manifest": "locked/manifest.csv"])
            #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
            let project = try #require(created.json?["id"] as? String)
            let queue = try #require(try await client.json("/v1/annotation/projects/\(project)/queue", as: ann).json?["photographs"] as? [[String: Any]])
            let photographs = queue.compactMap { $0["photograph"] as? String }
            #expect(photographs.count == truth.count)
            for (photograph, positive) in zip(photographs, truth) {
                let labelled = try await client.json("/v1/annotation/projects/\(project)/photographs/\(photograph)/annotation", method: .put, as: ann,
                                                     body: ["labels": ["stage": ["option": positive ? "3" : "0"]]])
                #expect(labelled.status == 200)
            }

            // A snapshot of the labelled data, content-hashed: the same data twice is the same snapshot.
            let snapshot = try await client.json("/v1/registry/snapshots", method: .post, as: admin, body: ["projects": [project]])
            #expect(snapshot.status == 201 && snapshot.json?["photographs"] as? Int == 8 && snapshot.json?["positives"] as? Int == 4)
            let again = try await client.json("/v1/registry/snapshots", method: .post, as: admin, body: ["projects": [project]])
            #expect(again.json?["hash"] as? String == snapshot.json?["hash"] as? String)

            // Only an admin, with the session's CSRF token, changes the locked set.
            #expect(try await client.json("/v1/registry/rop/locked-set", method: .post, as: ann, body: ["project": project]).status == 403)
            #expect(try await client.json("/v1/registry/rop/locked-set", method: .post, as: admin, body: ["project": project], csrf: false).status == 403)
            let locked = try await client.json("/v1/registry/rop/locked-set", method: .post, as: admin, body: ["project": project])
            #expect(locked.status == 200 && locked.json?["added"] as? Int == 8)
            #expect((locked.json?["lockedSet"] as? [String: Any])?["positive"] as? Int == 4)
            // Locked photographs are never trained on: a snapshot taken now leaves them out.
            let afterLocking = try await client.json("/v1/registry/snapshots", method: .post, as: admin, body: ["projects": [project]])
            #expect(afterLocking.json?["photographs"] as? Int == 0 && afterLocking.json?["lockedOut"] as? Int == 8)
            #expect((try await client.json("/v1/registry/snapshots", as: ann).json?["snapshots"] as? [[String: Any]])?.count == 2)

            // Two candidates, registered as a training run would: their cards' locked-set figures measured on registration.
            let flipped = try await fixture.registry.register(bundle: try CandidateBundles.flipped(version: "1.0.1", into: candidates), actor: "trainer")
            let sound = try await fixture.registry.register(bundle: try CandidateBundles.copy(version: "1.0.2", into: candidates), actor: "trainer")
            #expect(flipped.card.metrics["locked"]?["auc"].map { $0 < 0.5 } == true)

            let refused = try await client.json("/v1/registry/rop/gate", method: .post, as: admin, body: ["candidate": flipped.id])
            #expect(refused.status == 200 && refused.json?["admitted"] as? Bool == false)
            let reasons = refused.json?["reasons"] as? [String] ?? []
            #expect(reasons.contains { $0.hasPrefix("failed auc: candidate") }, "\(reasons)")
            #expect(reasons.contains { $0.hasPrefix("passed card") } && reasons.contains { $0.hasPrefix("passed latency") }, "\(reasons)")
            #expect(refused.json?["productionID"] as? String == "rop-1.0.0", "the bundled model was adopted as the first version")
            let blocked = try await client.json("/v1/registry/rop/promote", method: .post, as: admin, body: ["version": flipped.id])
            #expect(blocked.status == 409 && blocked.errorCode == "CONFLICT")
            #expect(try await client.json("/v1/registry/rop/gate", method: .post, as: ann, body: ["candidate": sound.id]).status == 403)

            // The sound candidate shadows production: reports are production's; agreement is recorded off the request path.
            #expect(try await client.json("/v1/registry/rop/candidate", method: .post, as: admin, body: ["version": sound.id]).status == 200)
            for _ in 0 ..< 2 {
                let answered = try await client.analyse(photo, query: Self.findingOnly)
                #expect(answered.status == 200 && (answered.json?["modelVersions"] as? [String: String])?["rop"] == "1.0.0")
            }
            var shadowed: [ShadowResult] = []
            for _ in 0 ..< 300 where shadowed.count < 2 {
                try await Task.sleep(for: .milliseconds(100))
                shadowed = try await fixture.store.shadowResults(candidateID: sound.id, limit: 10)
            }
            #expect(shadowed.count == 2 && shadowed.allSatisfy(\.agrees))

            let admitted = try await client.json("/v1/registry/rop/gate", method: .post, as: admin, body: ["candidate": sound.id])
            #expect(admitted.json?["admitted"] as? Bool == true, "\(admitted.json?["reasons"] ?? "")")
            let promoted = try await client.json("/v1/registry/rop/promote", method: .post, as: admin, body: ["version": sound.id])
            #expect(promoted.status == 200 && promoted.json?["fromVersionID"] as? String == "rop-1.0.0")
            #expect((try await client.analyse(photo, query: Self.findingOnly).json?["modelVersions"] as? [String: String])?["rop"] == "1.0.2", "new reports use the promoted model")

            let overview = try await client.json("/v1/registry", as: ann)
            let rop = try #require((overview.json?["tasks"] as? [[String: Any]])?.first { $0["task"] as? String == "rop" })
            #expect(rop["production"] as? String == sound.id && rop["served"] as? String == sound.id)
            #expect((rop["shadow"] as? [String: Any])?["analyses"] as? Int == 2 && (rop["shadow"] as? [String: Any])?["agreementWithProduction"] as? Double == 1)
            #expect((rop["verdicts"] as? [[String: Any]])?.count == 2 && (rop["versions"] as? [[String: Any]])?.count == 3)

            let rolledBack = try await client.json("/v1/registry/rop/rollback", method: .post, as: admin, body: ["reason": "test of rollback"])
            #expect(rolledBack.status == 200 && rolledBack.json?["toVersionID"] as? String == "rop-1.0.0")
            #expect((try await client.analyse(photo, query: Self.findingOnly).json?["modelVersions"] as? [String: String])?["rop"] == "1.0.0", "rollback restores the model")
            #expect(try await client.json("/v1/registry/rop/rollback", method: .post, as: admin, body: [String: String]()).status == 409,
                    "nothing before the adopted bundled model")
            let page = try await client.request("/registry")
            #expect(page.status == 200 && page.contentType?.hasPrefix("text/html") == true)
        }
        // The candidate shadows production again after the rollback: let its last analysis finish before the test ends.
        fixture.shadow.finish()
        await shadowing.value
        let trail = try await fixture.store.auditEntries()
        #expect(trail.filter { $0.action.hasPrefix("model.alias") }.map(\.action)
                == ["model.alias.promote", "model.alias.nominate", "model.alias.promote", "model.alias.rollback"])
        #expect(trail.contains { $0.action == "lockedset.add" } && trail.filter { $0.action == "model.gate" }.count == 2)
        #expect(try await fixture.store.verifyAuditTrail().isIntact)
    }

    @Test("GET /registry is one file that fetches nothing from elsewhere, with no inline handlers and no innerHTML")
    func page() async throws {
        let fixture = try RegistryFixture()
        defer { fixture.cleanUp() }
        try await fixture.withClient { client in
            let page = try await client.request("/registry")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(page.status == 200 && html.contains("model registry"))
            for forbidden in ["http://", "https://", "innerHTML", "onclick=", "onload=", "onsubmit=", "<link ", "src=\""] {
                #expect(!html.contains(forbidden), "\(forbidden)")
            }
        }
    }
}
