import Testing
@testable import RetinaAnnotation

@Suite("Finding disagreements and building the reference label")
struct AdjudicationTests {
    let adjudication = Adjudication(schema: .icrop3, policy: AdjudicationPolicy(pointTolerance: 10))

    func annotation(_ annotator: AnnotatorID, _ labels: [String: LabelValue], photograph: PhotographID = "p1") -> Annotation {
        Annotation(photograph: photograph, annotator: annotator, labels: labels)
    }

    @Test("Categories differ on any difference, points only beyond the tolerance, a missing label is a difference; notes are not compared")
    func disagreements() throws {
        let annotations = [
            annotation("ann", ["stage": .option("2"), "zone": .option("II"), "fovea": .point(ImagePoint(x: 100, y: 100)),
                               "note": .note("a")]),
            annotation("bob", ["stage": .option("3"), "zone": .option("II"), "fovea": .point(ImagePoint(x: 106, y: 108)),
                               "disc": .box(BoundingBox(x: 0, y: 0, width: 10, height: 10)), "note": .note("b")]),
            annotation("cat", ["stage": .option("2"), "zone": .option("II"), "fovea": .point(ImagePoint(x: 103, y: 104))]),
        ]
        let found = try adjudication.disagreements(among: annotations)
        // Fovea: largest pairwise distance is ann–bob, √(6² + 8²) = 10 ≤ 10 → agreed.
        #expect(found.map(\.field) == ["stage", "disc"])
        #expect(found[0].values == ["ann": .option("2"), "bob": .option("3"), "cat": .option("2")] && found[0].unlabelled.isEmpty)
        #expect(found[1].unlabelled == ["ann", "cat"])

        let farther = annotations.map { a in
            a.annotator == "bob" ? annotation("bob", ["fovea": .point(ImagePoint(x: 107, y: 108))]) : a
        }
        #expect(try adjudication.disagreements(among: farther).map(\.field).contains("fovea"))
    }

    @Test("Where all agree the reference is their common value, without an adjudicator")
    func consensus() throws {
        let annotations = [
            annotation("bob", ["plus": .option("none"), "fovea": .point(ImagePoint(x: 100, y: 100))]),
            annotation("ann", ["plus": .option("none"), "fovea": .point(ImagePoint(x: 104, y: 102))]),
        ]
        #expect(try adjudication.disagreements(among: annotations).isEmpty)
        let reference = try adjudication.reference(for: annotations)
        #expect(reference.fields["plus"] == ReferenceValue(value: .option("none"), agreed: ["ann", "bob"], overruled: [], adjudicator: nil))
        #expect(reference.labels["fovea"] == .point(ImagePoint(x: 102, y: 101)))
        #expect(!reference.isAdjudicated && reference.fields["zone"] == nil)
    }

    @Test("An adjudicated field records who agreed and who was overruled")
    func provenance() throws {
        let annotations = [
            annotation("ann", ["stage": .option("2"), "ridge": .polyline([ImagePoint(x: 0, y: 0), ImagePoint(x: 50, y: 0)])]),
            annotation("bob", ["stage": .option("3")]),
            annotation("cat", ["stage": .option("2")]),
        ]
        #expect(throws: AdjudicationError.unresolved(field: "stage")) { try adjudication.reference(for: annotations) }
        let decisions = [
            AdjudicationDecision(photograph: "p1", field: "stage", value: .option("2"), adjudicator: "dr-adj"),
            AdjudicationDecision(photograph: "p1", field: "ridge", value: nil, adjudicator: "dr-adj"),
        ]
        let reference = try adjudication.reference(for: annotations, decisions: decisions)
        #expect(reference.fields["stage"] == ReferenceValue(value: .option("2"), agreed: ["ann", "cat"], overruled: ["bob"], adjudicator: "dr-adj"))
        #expect(reference.fields["ridge"] == ReferenceValue(value: nil, agreed: ["bob", "cat"], overruled: ["ann"], adjudicator: "dr-adj"))
        #expect(reference.labels == ["stage": .option("2")] && reference.isAdjudicated)
    }

    @Test("The queue holds the photographs with disagreements, with every annotation to show")
    func queue() throws {
        let annotations = [
            annotation("ann", ["eye": .option("left")], photograph: "p2"),
            annotation("bob", ["eye": .option("right")], photograph: "p2"),
            annotation("ann", ["eye": .option("left")], photograph: "p1"),
            annotation("bob", ["eye": .option("left")], photograph: "p1"),
        ]
        let items = try adjudication.queue(annotations)
        #expect(items.map(\.photograph) == ["p2"])
        #expect(items[0].annotations.map(\.annotator) == ["ann", "bob"] && items[0].disagreements.map(\.field) == ["eye"])
    }

    @Test("Inconsistent inputs are refused with named errors")
    func errors() {
        let one = annotation("ann", ["stage": .option("2")])
        #expect(throws: AdjudicationError.noAnnotations) { try adjudication.disagreements(among: []) }
        #expect(throws: AdjudicationError.mixedPhotographs) {
            try adjudication.disagreements(among: [one, annotation("bob", [:], photograph: "p2")])
        }
        #expect(throws: AdjudicationError.duplicateAnnotator("ann")) { try adjudication.disagreements(among: [one, one]) }
        #expect(throws: AdjudicationError.invalidDecision(.optionNotInSchema(field: "stage", option: "9"))) {
            try adjudication.reference(for: [one], decisions: [AdjudicationDecision(photograph: "p1", field: "stage", value: .option("9"), adjudicator: "x")])
        }
        #expect(throws: AdjudicationError.decisionForOtherPhotograph("p9")) {
            try adjudication.reference(for: [one], decisions: [AdjudicationDecision(photograph: "p9", field: "stage", value: nil, adjudicator: "x")])
        }
    }
}
