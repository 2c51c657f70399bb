import Foundation
import RetinaData
import RetinaMetrics
@testable import RetinaTraining
import Testing

@Suite("Mislabel audit and operating points")
struct MislabelAuditTests {
    @Test("Confidently contradicted labels rank first, the most contradicted at the top")
    func ranking() {
        // Class 0 samples at p0 ≈ 0.9, class 1 at p1 ≈ 0.8; samples 3 and 6 are labelled against their probabilities.
        let probabilities: [[Double]] = [[0.9, 0.1], [0.85, 0.15], [0.95, 0.05], [0.1, 0.9], [0.2, 0.8], [0.3, 0.7], [0.18, 0.82], [0.15, 0.85]]
        let labels = [0, 0, 0, 0, 1, 1, 0, 1]
        let findings = MislabelAudit.rank(probabilities: probabilities, labels: labels)
        #expect(findings.map(\.rank) == Array(1 ... 8))
        let suspects = findings.filter(\.isSuspect)
        #expect(suspects.count == 2)
        // Sample 3 (p1 = 0.9 against label 0) outranks sample 6 (p1 = 0.82).
        #expect(findings[0].probabilities == [0.1, 0.9] && findings[0].suggestedLabel == 1)
        #expect(findings[1].probabilities == [0.18, 0.82])
        // The rest follow by the probability of their own label, lowest first.
        #expect(findings[2].probabilities == [0.3, 0.7])
        let csv = MislabelAudit.csv(findings, labels: ["good", "bad"])
        #expect(csv.hasPrefix("rank,image,given,suggested,suspect,p_given,p_suggested,p_good,p_bad\n1,,good,bad,yes,0.1000,0.9000"))
    }

    @Test("The operating point keeps the required sensitivity at the highest threshold")
    func operatingPoint() throws {
        let scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05]
        let labels = [true, true, false, true, false, true, false, false, false, false]
        let point = try #require(OperatingPoint.forSensitivity(0.75, scores: scores, labels: labels))
        // 4 positives: 3 must be caught, so the threshold sits just under 0.7.
        #expect(point.threshold < 0.7 && point.threshold > 0.69)
        #expect(point.sensitivity == 0.75)
        #expect(abs(point.specificity - 5.0 / 6.0) < 1e-9)  // only the negative at 0.8 is above
        let all = try #require(OperatingPoint.forSensitivity(1, scores: scores, labels: labels))
        #expect(all.sensitivity == 1 && all.threshold < 0.4)
        #expect(OperatingPoint.forSensitivity(0.9, scores: [0.1], labels: [false]) == nil)
    }

    @Test("CSV fields with commas or quotes are quoted")
    func csvEscape() {
        #expect(CSV.escape("plain") == "plain")
        #expect(CSV.escape("a,b") == "\"a,b\"")
        #expect(CSV.escape("say \"x\"") == "\"say \"\"x\"\"\"")
    }
}
