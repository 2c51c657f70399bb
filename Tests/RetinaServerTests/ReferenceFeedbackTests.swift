import Foundation
import FundusImaging
import Hummingbird
import Logging
import RetinaAnnotation
import RetinaMonitoring
import RetinaStore
import Testing
@testable import RetinaServer

/// An adjudicated reference is the doctors' truth for monitoring: it confirms the stored
/// analysis of the same photograph, as `POST /v1/analyses/{id}/feedback` would; and references
/// are what the training trigger counts.
@Suite("Adjudicated labels as feedback")
struct ReferenceFeedbackTests {
    @Test("ICROP3 labels read as monitoring's truth: stage or A-ROP for ROP, usable as gradable, the eye")
    func mapping() {
        typealias Field = LabelSchema.ICROP3Field
        #expect(DoctorFeedback(reference: [Field.stage: .option("2"), Field.eye: .option("left")]) == DoctorFeedback(rop: true, eye: .left))
        #expect(DoctorFeedback(reference: [Field.stage: .option("0"), Field.quality: .option("usable")]) == DoctorFeedback(rop: false, quality: .good))
        #expect(DoctorFeedback(reference: [Field.aggressiveROP: .option("yes"), Field.quality: .option("bad")]) == DoctorFeedback(rop: true, quality: .bad))
        #expect(DoctorFeedback(reference: [Field.note: .note("blurred")]).isEmpty)
    }

    @Test("Two annotators who agree confirm the analysis without an adjudicator; one alone confirms nothing")
    func agreementConfirms() async throws {
        let (fixture, root) = try await AnnotationAPITests.fixture()
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        let photo = try [UInt8](Data(contentsOf: root.appendingPathComponent("pilot/1.png")))
        try await fixture.withClient { client in
            let analysed = try await client.request("/v1/analyses?tasks=quality,rop", method: .post, headers: [.contentType: "image/png"], body: photo)
            let analysisID = try #require(analysed.json?["id"] as? String)
            let project = try await AnnotationAPITests.createProject(client, admin: try await client.signIn("root"))
            let (ann, bea) = (try await client.signIn("ann"), try await client.signIn("bea"))
            let queue = try #require((try await client.json("/v1/annotation/projects/\(project)/queue", as: ann)).json?["photographs"] as? [[String: Any]])
            let photograph = try #require(queue.first { ($0["position"] as? Int) == 1 }?["photograph"] as? String)
            let path = "/v1/annotation/projects/\(project)/photographs/\(photograph)/annotation"
            let labels: [String: Any] = ["labels": ["stage": ["option": "0"], "eye": ["option": "right"]]]
            #expect(try await client.json(path, method: .put, as: ann, body: labels).status == 200)
            #expect(try await fixture.store.feedback(analysisID: analysisID) == nil, "one annotator of two is no reference")
            #expect(try await client.json(path, method: .put, as: bea, body: labels).status == 200)
            let stored = try #require(try await fixture.store.feedback(analysisID: analysisID))
            #expect(stored.feedback == DoctorFeedback(rop: false, eye: .right))
        }
    }

    @Test("Adjudicating a photograph that was analysed confirms its newest analysis; the live figures count it")
    func adjudicationConfirms() async throws {
        let (fixture, root) = try await AnnotationAPITests.fixture()
        defer { fixture.cleanUp(); try? FileManager.default.removeItem(at: root) }
        let photo = try [UInt8](Data(contentsOf: root.appendingPathComponent("pilot/0.png")))
        try await fixture.withClient { client in
            let analysed = try await client.request("/v1/analyses?tasks=quality,rop", method: .post, headers: [.contentType: "image/png"], body: photo)
            #expect(analysed.status == 200)
            let analysisID = try #require(analysed.json?["id"] as? String)
            let admin = try await client.signIn("root")
            let project = try await AnnotationAPITests.createProject(client, admin: admin)
            let (ann, bea, adj) = (try await client.signIn("ann"), try await client.signIn("bea"), try await client.signIn("adj"))
            let queue = try #require((try await client.json("/v1/annotation/projects/\(project)/queue", as: ann)).json?["photographs"] as? [[String: Any]])
            let first = try #require(queue.first { ($0["imagePath"] as? String) == "0.png" }?["photograph"] as? String ?? queue.first?["photograph"] as? String)
            let path = "/v1/annotation/projects/\(project)/photographs/\(first)/annotation"
            #expect(try await client.json(path, method: .put, as: ann, body: ["labels": ["stage": ["option": "2"], "eye": ["option": "left"]]]).status == 200)
            #expect(try await client.json(path, method: .put, as: bea, body: ["labels": ["stage": ["option": "0"], "eye": ["option": "left"]]]).status == 200)
            #expect(try await fixture.store.feedback(analysisID: analysisID) == nil, "labels alone confirm nothing")
            let resolved = try await client.json("/v1/annotation/projects/\(project)/photographs/\(first)/reference", method: .put, as: adj,
                                                 body: ["decisions": ["stage": ["option": "2"]]])
            #expect(resolved.status == 200)
            let stored = try #require(try await fixture.store.feedback(analysisID: analysisID))
            #expect(stored.feedback == DoctorFeedback(rop: true, eye: .left))
            #expect(stored.outcomes[DoctorFeedback.ropModel]?.actuallyPositive == true)
            let live = try #require(try await fixture.service.monitoringSnapshot().window(.count)?.models.first { $0.model == DoctorFeedback.ropModel })
            #expect(live.live?.accuracy?.trials == 1)

            // The label count as a training trigger: one job for the milestone, however often it is checked.
            let trigger = TrainingTrigger(settings: .init(recipe: "recipes/rop.json", everyLabels: 1), annotations: fixture.store, queue: fixture.store,
                                          monitor: nil, logger: Logger(label: "test"))
            let queued = try await trigger.check()
            #expect(queued.map(\Job.type) == ["train"] && queued.first?.idempotencyKey == "train-after-1-labels")
            #expect(try await trigger.check().map(\Job.id) == queued.map(\Job.id))
            #expect(try await fixture.store.jobs(limit: 10).count == 1)
            let quiet = TrainingTrigger(settings: .init(recipe: "recipes/rop.json", everyLabels: 2), annotations: fixture.store, queue: fixture.store,
                                        monitor: nil, logger: Logger(label: "test"))
            #expect(try await quiet.check().isEmpty, "one reference is no milestone of two")
        }
    }
}
