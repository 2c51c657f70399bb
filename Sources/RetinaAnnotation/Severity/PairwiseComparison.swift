/// One press in pairwise severity mode: the photograph judged to show the more severe
/// vascular disease, and the other.
public struct PairwiseComparison: Sendable, Hashable, Codable {
    public let winner: PhotographID
    public let loser: PhotographID

    public init(winner: PhotographID, loser: PhotographID) {
        self.winner = winner
        self.loser = loser
    }
}
