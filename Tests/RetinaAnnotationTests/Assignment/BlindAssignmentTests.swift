import Testing
@testable import RetinaAnnotation

@Suite("Blind assignment of photographs to annotators")
struct BlindAssignmentTests {
    let photographs = (1...20).map { PhotographID("p\($0)") }
    let pool: [AnnotatorID] = ["ann", "bob", "cat"]

    @Test("Each photograph gets N distinct annotators and loads differ by at most one")
    func balanced() throws {
        let assignment = try BlindAssignment(annotatorsPerPhotograph: 2, seed: 7).assign(photographs, to: pool)
        #expect(assignment.map(\.photograph) == photographs)
        #expect(assignment.allSatisfy { $0.annotators.count == 2 && Set($0.annotators).count == 2 })
        var load: [AnnotatorID: Int] = [:]
        for entry in assignment { for annotator in entry.annotators { load[annotator, default: 0] += 1 } }
        // 20 × 2 = 40 assignments over 3 annotators: 13, 13 and 14.
        #expect(load.values.sorted() == [13, 13, 14])
        // Varied pairings: all three pairs occur.
        #expect(Set(assignment.map(\.annotators)).count == 3)
    }

    @Test("The same seed gives the same assignment, another seed another")
    func deterministic() throws {
        let first = try BlindAssignment(annotatorsPerPhotograph: 2, seed: 42).assign(photographs, to: pool)
        let again = try BlindAssignment(annotatorsPerPhotograph: 2, seed: 42).assign(photographs, to: pool)
        let other = try BlindAssignment(annotatorsPerPhotograph: 2, seed: 43).assign(photographs, to: pool)
        #expect(first == again && first != other)
        var generator = SeededGenerator(seed: 1)
        var reference = SeededGenerator(seed: 1)
        #expect(generator.next() == reference.next())
    }

    @Test("Existing assignments are kept and topped up; no annotator gets a photograph twice")
    func existing() throws {
        let assignment = try BlindAssignment(annotatorsPerPhotograph: 2, seed: 1)
            .assign(["p1", "p2"], to: pool, existing: ["p1": ["ann"], "p2": ["bob", "cat"]])
        #expect(assignment[0].annotators.contains("ann") && assignment[0].annotators.count == 2)
        #expect(assignment[1].annotators == ["bob", "cat"])
    }

    @Test("Impossible assignments are refused")
    func errors() {
        #expect(throws: AssignmentError.invalidAnnotatorsPerPhotograph(0)) { try BlindAssignment(annotatorsPerPhotograph: 0, seed: 0) }
        #expect(throws: AssignmentError.poolTooSmall(photograph: "p1", needed: 4, available: 3)) {
            try BlindAssignment(annotatorsPerPhotograph: 4, seed: 0).assign(["p1"], to: pool)
        }
        #expect(throws: AssignmentError.duplicateAnnotator("ann")) {
            try BlindAssignment(annotatorsPerPhotograph: 1, seed: 0).assign(["p1"], to: ["ann", "ann"])
        }
        #expect(throws: AssignmentError.duplicatePhotograph("p1")) {
            try BlindAssignment(annotatorsPerPhotograph: 1, seed: 0).assign(["p1", "p1"], to: pool)
        }
    }
}
