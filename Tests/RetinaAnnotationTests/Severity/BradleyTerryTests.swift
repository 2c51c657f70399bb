import Foundation
import Testing
@testable import RetinaAnnotation

@Suite("Bradley–Terry severity scores and the next pair")
struct BradleyTerryTests {
    func games(_ winner: PhotographID, beats loser: PhotographID, _ times: Int) -> [PairwiseComparison] {
        Array(repeating: PairwiseComparison(winner: winner, loser: loser), count: times)
    }

    @Test("Two photographs, hand-computed: A beats B 3 times of 4")
    func twoPhotographs() throws {
        // Maximum likelihood: σ(θ_A − θ_B) = 3/4, so θ_A − θ_B = ln 3 and, centred, θ_A = ln 3 / 2.
        // Fisher information of the difference: n p(1 − p) = 4 · 3/4 · 1/4 = 3/4, so Var(θ_A − θ_B) = 4/3;
        // the centred score is half the difference: Var = 1/3, SE = √(1/3) ≈ 0.577.
        // (A ridge prior of precision 1e-9 moves these by ~1e-9.)
        let comparisons = games("A", beats: "B", 3) + games("B", beats: "A", 1)
        let fit = try BradleyTerry(priorPrecision: 1e-9).fit(comparisons)
        let a = try #require(fit.scores["A"]), b = try #require(fit.scores["B"])
        #expect(abs(a.score - log(3) / 2) < 1e-6 && abs(b.score + log(3) / 2) < 1e-6)
        #expect(abs(a.standardError - (1.0 / 3).squareRoot()) < 1e-6 && abs(b.standardError - a.standardError) < 1e-9)
        #expect(abs(try #require(fit.probability("A", beats: "B")) - 0.75) < 1e-6)
        #expect(fit.ranking == ["A", "B"])
    }

    @Test("A symmetric set gives equal scores")
    func symmetric() throws {
        // A > B > C > A, each twice: every photograph wins 2 of 4, and by symmetry all scores are 0.
        let comparisons = games("A", beats: "B", 2) + games("B", beats: "C", 2) + games("C", beats: "A", 2)
        let fit = try BradleyTerry().fit(comparisons)
        let scores = ["A", "B", "C"].compactMap { fit.scores[PhotographID($0)] }
        #expect(scores.count == 3 && scores.allSatisfy { abs($0.score) < 1e-9 })
        #expect(abs(scores[0].standardError - scores[1].standardError) < 1e-9 && abs(scores[1].standardError - scores[2].standardError) < 1e-9)
    }

    @Test("The ordering of a constructed comparison set is recovered, and the fit is stationary")
    func orderingRecovered() throws {
        // Five photographs with true severities 2, 1, 0, −1, −2; each pair meets 10 times and the
        // more severe wins round(10 σ(sᵢ − sⱼ)) of them.
        let truth: [(PhotographID, Double)] = [("e", -2), ("a", 2), ("c", 0), ("d", -1), ("b", 1)]
        var comparisons: [PairwiseComparison] = []
        for (i, (first, s)) in truth.enumerated() {
            for (second, t) in truth[(i + 1)...] {
                let wins = Int((10 / (1 + exp(t - s))).rounded())
                comparisons += games(first, beats: second, wins) + games(second, beats: first, 10 - wins)
            }
        }
        let model = BradleyTerry(priorPrecision: 0.1)
        let fit = try model.fit(comparisons)
        #expect(fit.ranking == ["a", "b", "c", "d", "e"])
        #expect(abs(fit.scores.values.reduce(0) { $0 + $1.score }) < 1e-9)
        // At the optimum, wins = expected wins + λθ for every photograph.
        for photograph in fit.photographs {
            let theta = try #require(fit.scores[photograph]?.score)
            let wins = Double(comparisons.count { $0.winner == photograph })
            let expected = comparisons.filter { $0.winner == photograph || $0.loser == photograph }.reduce(0.0) { sum, game in
                let other = game.winner == photograph ? game.loser : game.winner
                return sum + (fit.probability(photograph, beats: other) ?? 0)
            }
            #expect(abs(wins - expected - model.priorPrecision * theta) < 1e-8)
        }
    }

    @Test("An undefeated photograph keeps a finite score thanks to the prior")
    func undefeated() throws {
        // A beats B five times. With λ = 0.1 and θ_B = −θ_A the optimum solves 5(1 − σ(2θ)) = 0.1 θ.
        let fit = try BradleyTerry(priorPrecision: 0.1).fit(games("A", beats: "B", 5))
        let a = try #require(fit.scores["A"])
        #expect(a.score.isFinite && a.score > 0 && a.standardError.isFinite)
        #expect(abs(5 * (1 - 1 / (1 + exp(-2 * a.score))) - 0.1 * a.score) < 1e-8)
    }

    @Test("The next pair is the most informative one and never the previous pair")
    func nextPair() throws {
        // A and B have met 20 times (10–10); C was never compared: pairs with C are uncertain and even,
        // and A–C comes first in fit order among the equally informative.
        let comparisons = games("A", beats: "B", 10) + games("B", beats: "A", 10)
        let fit = try BradleyTerry().fit(comparisons, photographs: ["A", "B", "C"])
        let next = try #require(fit.nextPair())
        #expect([next.first, next.second].contains("C"))
        let after = try #require(fit.nextPair(after: next))
        #expect(!after.matches(next) && [after.first, after.second].contains("C"))
        let two = try BradleyTerry().fit(games("A", beats: "B", 1))
        #expect(two.nextPair(after: PhotographPair("B", "A")) == nil)
        #expect(try #require(fit.scores["C"]).standardError > (try #require(fit.scores["A"])).standardError)
    }

    @Test("Unusable inputs are refused")
    func errors() {
        #expect(throws: BradleyTerryError.selfComparison("A")) { try BradleyTerry().fit([PairwiseComparison(winner: "A", loser: "A")]) }
        #expect(throws: BradleyTerryError.tooFewPhotographs(1)) { try BradleyTerry().fit([], photographs: ["A"]) }
        #expect(throws: BradleyTerryError.invalidPriorPrecision(0)) { try BradleyTerry(priorPrecision: 0).fit(games("A", beats: "B", 1)) }
    }
}
