import Testing
@testable import RetinaMetrics

@Suite("Promotion gate")
struct PromotionGateTests {
    /// 100 ROP and 100 normal photographs; production finds 95 of the 100 at 0.5 and clears 90 of the 100.
    static let production: [(positive: Bool, score: Double)] = {
        var cases: [(positive: Bool, score: Double)] = []
        for i in 0 ..< 100 {
            let step = Double(i) / 1000
            cases.append((positive: true, score: i < 95 ? 0.6 + step : 0.3 + step))
        }
        for i in 0 ..< 100 {
            let step = Double(i) / 1000
            cases.append((positive: false, score: i < 90 ? 0.1 + step : 0.55 + step))
        }
        return cases
    }()

    static func evidence(candidate: (Int, Double) -> Double, claimed: [String: Double]? = nil, latency: Double = 300,
                         shadow: PromotionGate.ShadowRecord? = nil) -> PromotionGate.Evidence {
        let cases = production.enumerated().map { index, row in
            PromotionGate.Case(positive: row.positive, production: row.score, candidate: candidate(index, row.score))
        }
        let scores = cases.map(\.candidate)
        let positives = cases.indices.filter { cases[$0].positive }, negatives = cases.indices.filter { !cases[$0].positive }
        let measured = PromotionGate.figures(scores: scores, cases: cases, threshold: 0.5, positives: positives, negatives: negatives)
        return PromotionGate.Evidence(cases: cases, candidateThreshold: 0.5, productionThreshold: 0.5,
                                      claimed: claimed ?? ["auc": measured.auc, "sensitivity": measured.sensitivity, "specificity": measured.specificity],
                                      candidateLatenciesMs: Array(repeating: latency, count: 20), shadow: shadow)
    }

    @Test("A candidate that scores as production does is admitted, with every check passed and its figures")
    func identicalIsAdmitted() {
        let verdict = PromotionGate().judge(Self.evidence { _, score in score })
        #expect(verdict.admitted && verdict.reasons.isEmpty)
        #expect(verdict.checks.map(\.name) == ["sensitivity", "specificity", "auc", "card", "latency"])
        #expect(verdict.figures["candidate.sensitivity"] == 0.95 && verdict.figures["production.specificity"] == 0.9)
        #expect(verdict.figures["difference.sensitivity.ciLow"] == 0 && verdict.figures["positives"] == 100)
    }

    @Test("A model trained on flipped labels is refused, sensitivity first among the reasons")
    func flippedIsRefused() {
        let verdict = PromotionGate().judge(Self.evidence { _, score in 1 - score })
        #expect(!verdict.admitted)
        #expect(verdict.reasons.first?.hasPrefix("failed sensitivity: candidate 0.050 against production 0.950") == true)
        #expect(verdict.reasons.contains { $0.hasPrefix("failed auc") })
    }

    @Test("One more miss in 100 stays inside a 5-point margin; four more do not, though the point estimate (−0.04) alone would pass")
    func nonInferiorityUsesTheInterval() {
        let oneMore = PromotionGate().judge(Self.evidence { index, score in index == 0 ? 0.4 : score })
        #expect(oneMore.admitted, "\(oneMore.reasons)")
        #expect(abs((oneMore.figures["difference.sensitivity"] ?? 0) + 0.01) < 1e-9)
        let fourMore = PromotionGate().judge(Self.evidence { index, score in index < 4 ? 0.4 : score })
        #expect(!fourMore.admitted && fourMore.reasons.count == 1 && fourMore.reasons.first?.hasPrefix("failed sensitivity") == true, "\(fourMore.reasons)")
        #expect(abs((fourMore.figures["difference.sensitivity"] ?? 0) + 0.04) < 1e-9)
        #expect((fourMore.figures["difference.sensitivity.ciLow"] ?? 0) < -0.05)
    }

    @Test("The bootstrap is seeded: the same evidence gives the same verdict and figures; another seed may move the interval only")
    func seeded() {
        let evidence = Self.evidence { index, score in index % 7 == 0 ? score - 0.2 : score }
        #expect(PromotionGate().judge(evidence) == PromotionGate().judge(evidence))
        var policy = PromotionGate.Policy()
        policy.seed = 99
        let other = PromotionGate(policy: policy).judge(evidence)
        #expect(other.figures["difference.sensitivity"] == PromotionGate().judge(evidence).figures["difference.sensitivity"])
    }

    @Test("A card whose figures are not reproduced, a slow candidate and a too-small locked set are refused, each with its reason")
    func cardLatencyAndSize() {
        let overstated = PromotionGate().judge(Self.evidence(candidate: { _, score in score }, claimed: ["sensitivity": 0.99, "auc": 0.97]))
        #expect(!overstated.admitted)
        #expect(overstated.reasons.contains { $0.hasPrefix("failed card:") && $0.contains("sensitivity measured 0.950, the card states 0.990") })
        let none = PromotionGate().judge(Self.evidence(candidate: { _, score in score }, claimed: [:]))
        #expect(none.reasons == ["failed card: the card states no figures on the locked set to reproduce"])
        let slow = PromotionGate().judge(Self.evidence(candidate: { _, score in score }, latency: 1500))
        #expect(slow.reasons == ["failed latency: 95th percentile 1500 ms per photograph, budget 1000 ms"])
        let small = PromotionGate().judge(PromotionGate.Evidence(cases: [.init(positive: true, production: 0.9, candidate: 0.9)],
                                                                 candidateThreshold: 0.5, productionThreshold: 0.5, claimed: [:], candidateLatenciesMs: [1]))
        #expect(!small.admitted && small.checks.map(\.name) == ["locked set"])
    }

    @Test("Without a production model there is nothing to be worse than; a required shadow period must be served and agree")
    func firstModelAndShadow() {
        var first = Self.evidence { _, score in score }
        first.cases = first.cases.map { PromotionGate.Case(positive: $0.positive, production: nil, candidate: $0.candidate) }
        first.productionThreshold = nil
        let verdict = PromotionGate().judge(first)
        #expect(verdict.admitted && verdict.checks.first?.name == "production")
        var policy = PromotionGate.Policy()
        policy.minimumShadowAnalyses = 50
        let unserved = PromotionGate(policy: policy).judge(Self.evidence(candidate: { _, score in score }, shadow: .init(analyses: 10, agreement: 1)))
        #expect(!unserved.admitted && unserved.reasons.first?.hasPrefix("failed shadow: 10 shadow analyses (at least 50)") == true)
        let served = PromotionGate(policy: policy).judge(Self.evidence(candidate: { _, score in score }, shadow: .init(analyses: 80, agreement: 0.96)))
        #expect(served.admitted && served.figures["shadow.agreement"] == 0.96)
    }

    @Test("The AUC counts ties as a half")
    func aucTies() {
        let scores = [0.9, 0.5, 0.5, 0.1]
        #expect(PromotionGate.auc(scores: scores, positives: [0, 1], negatives: [2, 3]) == 0.875)
    }

    @Test("A resample's figures by counts are the figures of the photographs it drew")
    func resampledFiguresAreDirectFigures() {
        let scores = [0.9, 0.5, 0.5, 0.2, 0.5, 0.1, 0.7]
        let (positives, negatives) = ([0, 1, 2, 6], [3, 4, 5])
        let model = PromotionGate.ResampledModel(scores: scores, threshold: 0.5, positives: positives, negatives: negatives)
        // Drawn: positive 0 twice, positive 2 and 6 once; negative 4 twice, negative 5 once.
        let fast = model.figures(positiveCounts: [2, 0, 1, 1], negativeCounts: [0, 2, 1])
        let cases = scores.indices.map { PromotionGate.Case(positive: positives.contains($0), production: nil, candidate: scores[$0]) }
        let direct = PromotionGate.figures(scores: scores, cases: cases, threshold: 0.5, positives: [0, 0, 2, 6], negatives: [4, 4, 5])
        #expect(fast.sensitivity == direct.sensitivity && fast.specificity == direct.specificity && abs(fast.auc - direct.auc) < 1e-12)
    }
}
