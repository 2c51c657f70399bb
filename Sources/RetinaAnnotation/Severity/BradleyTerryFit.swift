/// Fitted severity scores, with what is needed to choose the next comparison.
public struct BradleyTerryFit: Sendable, Hashable {
    /// In the fit's order: the photographs asked for, then the others by first comparison.
    public let photographs: [PhotographID]
    public let scores: [PhotographID: SeverityScore]
    /// Covariance of the centred scores, in `photographs` order.
    let covariance: [[Double]]

    init(photographs: [PhotographID], scores: [Double], covariance: [[Double]]) {
        self.photographs = photographs
        self.covariance = covariance
        self.scores = Dictionary(uniqueKeysWithValues: photographs.indices.map {
            (photographs[$0], SeverityScore(score: scores[$0], standardError: max(covariance[$0][$0], 0).squareRoot()))
        })
    }

    /// Most severe first; equal scores in fit order.
    public var ranking: [PhotographID] {
        photographs.enumerated().sorted {
            let a = scores[$0.element]?.score ?? 0, b = scores[$1.element]?.score ?? 0
            return a != b ? a > b : $0.offset < $1.offset
        }.map(\.element)
    }

    /// The modelled probability that `first` is judged more severe than `second`.
    public func probability(_ first: PhotographID, beats second: PhotographID) -> Double? {
        guard let a = scores[first]?.score, let b = scores[second]?.score else { return nil }
        return BradleyTerry.logistic(a - b)
    }

    /// The pair whose comparison is expected to teach the most: the largest p(1 − p) ·
    /// Var(θᵢ − θⱼ), i.e. an outcome near a coin toss between scores that are still
    /// uncertain relative to each other. Never the `previous` pair (in either order); nil
    /// when no other pair is left. Ties go to the earlier photographs in fit order.
    public func nextPair(after previous: PhotographPair? = nil) -> PhotographPair? {
        var best: (pair: PhotographPair, information: Double)?
        for i in photographs.indices {
            for j in (i + 1)..<photographs.count {
                let pair = PhotographPair(photographs[i], photographs[j])
                if let previous, pair.matches(previous) { continue }
                let p = probability(photographs[i], beats: photographs[j]) ?? 0.5
                let variance = covariance[i][i] + covariance[j][j] - 2 * covariance[i][j]
                let information = p * (1 - p) * variance
                if best == nil || information > (best?.information ?? 0) { best = (pair, information) }
            }
        }
        return best?.pair
    }
}
