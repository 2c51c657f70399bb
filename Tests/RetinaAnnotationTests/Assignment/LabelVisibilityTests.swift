import Testing
@testable import RetinaAnnotation

@Suite("Who may see which labels")
struct LabelVisibilityTests {
    @Test("Before adjudication an annotator sees only their own labels")
    func blind() {
        let open = LabelVisibility(assignees: ["ann", "bob"], isAdjudicated: false)
        #expect(open.mayView(.annotation(by: "ann"), viewer: "ann", role: .annotator))
        #expect(!open.mayView(.annotation(by: "bob"), viewer: "ann", role: .annotator))
        #expect(!open.mayView(.reference, viewer: "ann", role: .annotator))
    }

    @Test("Adjudicators and admins see everything; after adjudication assigned annotators see all")
    func afterAdjudication() {
        let open = LabelVisibility(assignees: ["ann", "bob"], isAdjudicated: false)
        #expect(open.mayView(.annotation(by: "bob"), viewer: "adj", role: .adjudicator))
        #expect(open.mayView(.annotation(by: "bob"), viewer: "root", role: .admin))
        let done = LabelVisibility(assignees: ["ann", "bob"], isAdjudicated: true)
        #expect(done.mayView(.annotation(by: "bob"), viewer: "ann", role: .annotator))
        #expect(done.mayView(.reference, viewer: "ann", role: .annotator))
    }

    @Test("An annotator not assigned to a photograph sees none of its labels, not even after adjudication")
    func notAssigned() {
        let done = LabelVisibility(assignees: ["ann", "bob"], isAdjudicated: true)
        #expect(!done.mayView(.annotation(by: "ann"), viewer: "eve", role: .annotator))
        #expect(!done.mayView(.reference, viewer: "eve", role: .annotator))
    }
}
