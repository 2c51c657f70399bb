import Testing
@testable import RetinaAnnotation

@Suite("The agreement report of a project")
struct AgreementReportTests {
    /// Stage by three annotators on four photographs:
    ///   p1: ann 0, bob 0, cat 0   p2: ann 1, bob 1, cat 2   p3: ann 2, bob 2, cat 2   p4: ann 0, bob 1, cat 1
    /// and the fovea by ann and bob on p1 (3–4–5 apart) and p2 (equal).
    func annotations() -> [Annotation] {
        let stages: [(PhotographID, [String])] = [("p1", ["0", "0", "0"]), ("p2", ["1", "1", "2"]), ("p3", ["2", "2", "2"]), ("p4", ["0", "1", "1"])]
        var result: [Annotation] = []
        for (photograph, values) in stages {
            for (annotator, value) in zip(["ann", "bob", "cat"] as [AnnotatorID], values) {
                result.append(Annotation(photograph: photograph, annotator: annotator, labels: ["stage": .option(value)]))
            }
        }
        result[0].labels["fovea"] = .point(ImagePoint(x: 0, y: 0))
        result[1].labels["fovea"] = .point(ImagePoint(x: 3, y: 4))
        result[3].labels["fovea"] = .point(ImagePoint(x: 9, y: 9))
        result[4].labels["fovea"] = .point(ImagePoint(x: 9, y: 9))
        return result
    }

    @Test("Per pair: Cohen's and weighted κ for ordinal fields, mean distance for points")
    func pairs() throws {
        let report = AgreementReport(schema: .icrop3, annotations: annotations())
        let stage = try #require(report.field("stage"))
        #expect(stage.pairs.map { "\($0.first)-\($0.second)" } == ["ann-bob", "ann-cat", "bob-cat"])
        // ann 0 1 2 0, bob 0 1 2 1 (stage scale 0…5): pₒ = 3/4; ann (0:2, 1:1, 2:1), bob (0:1, 1:2, 2:1)
        // → pₑ = (2·1 + 1·2 + 1·1)/16 = 5/16; κ = (12/16 − 5/16)/(11/16) = 7/11.
        let annBob = stage.pairs[0].statistic
        #expect(annBob.measure == .cohenKappa && annBob.itemCount == 4)
        #expect(abs(try #require(annBob.value) - 7.0 / 11) < 1e-12)
        let weighted = try WeightedKappa(["0", "1", "2", "0"], ["0", "1", "2", "1"], categories: (0...5).map(String.init), weighting: .linear)
        #expect(annBob.linearWeightedKappa == weighted.value && annBob.quadraticWeightedKappa != nil)

        let fovea = try #require(report.field("fovea"))
        // ann–bob: distances 5 and 0 → 2.5.
        #expect(fovea.pairs.count == 1 && fovea.pairs[0].statistic.value == 2.5)
        #expect(fovea.project == fovea.pairs[0].statistic)
        #expect(report.field("note") == nil && report.field("zone")?.project == nil)
    }

    @Test("For the project: Fleiss' κ with three annotators")
    func project() throws {
        // Items: (0,0,0) P=1; (1,1,2) P=2/6; (2,2,2) P=1; (0,1,1) P=2/6 → P̄ = 2/3.
        // Ratings: 0 ×4, 1 ×4, 2 ×4 of 12 → P̄ₑ = 3·(1/3)² = 1/3. κ = (2/3 − 1/3)/(2/3) = 0.5.
        let report = AgreementReport(schema: .icrop3, annotations: annotations())
        let project = try #require(report.field("stage")?.project)
        #expect(project.measure == .fleissKappa && project.itemCount == 4)
        #expect(abs(try #require(project.value) - 0.5) < 1e-12)
        let pairs = try #require(report.field("stage")?.pairs)
        let meanLinear = pairs.compactMap(\.statistic.linearWeightedKappa).reduce(0, +) / 3
        #expect(abs(try #require(project.linearWeightedKappa) - meanLinear) < 1e-12)
    }

    @Test("For two annotators the project figure is their Cohen's κ; each annotator is measured against the reference")
    func twoAnnotatorsAndReference() throws {
        let two = annotations().filter { $0.annotator != "cat" }
        let adjudication = Adjudication(schema: .icrop3)
        let references = try ["p1", "p2", "p3", "p4"].map { (photograph: PhotographID) in
            let group = two.filter { $0.photograph == photograph }
            let disputed = try adjudication.disagreements(among: group).map(\.field)
            let decisions = disputed.map { field in
                AdjudicationDecision(photograph: photograph, field: field,
                                     value: group.first { $0.annotator == "bob" }?.labels[field], adjudicator: "adj")
            }
            return try adjudication.reference(for: group, decisions: decisions)
        }
        let report = AgreementReport(schema: .icrop3, annotations: two, references: references)
        let stage = try #require(report.field("stage"))
        #expect(stage.project?.measure == .cohenKappa && stage.project == stage.pairs.first?.statistic)
        // The adjudicator sided with bob everywhere: bob's κ against the reference is 1, ann's is ann–bob's 7/11.
        let againstReference = Dictionary(uniqueKeysWithValues: stage.againstReference.map { ($0.annotator, $0.statistic.value) })
        #expect(againstReference["bob"] == 1)
        #expect(abs(try #require(againstReference["ann"] ?? nil) - 7.0 / 11) < 1e-12)
    }

    @Test("Drawn regions are compared by Dice")
    func dice() throws {
        // [0,4]² against [2,6]²: 0.25 (see the Dice tests).
        let annotations = [
            Annotation(photograph: "p1", annotator: "ann", labels: ["disc": .box(BoundingBox(x: 0, y: 0, width: 4, height: 4))]),
            Annotation(photograph: "p1", annotator: "bob", labels: ["disc": .box(BoundingBox(x: 2, y: 2, width: 4, height: 4))]),
        ]
        let disc = try #require(AgreementReport(schema: .icrop3, annotations: annotations).field("disc"))
        #expect(disc.pairs.first?.statistic == AgreementStatistic(measure: .meanDice, value: 0.25, itemCount: 1))
    }
}
