import Foundation

/// The Bradley–Terry model of pairwise severity judgements: photograph i is judged more
/// severe than j with probability σ(θᵢ − θⱼ), σ the logistic function.
///
/// The fit maximises the log-likelihood plus a ridge prior θ ~ N(0, 1/`priorPrecision`) by
/// Newton's method with step halving. The prior keeps photographs that never lost (or
/// never won) at finite scores and makes the optimum unique; with many comparisons it
/// matters little. Scores come out centred (the prior makes the optimum's mean zero).
///
/// The comparison graph's only unidentified direction, shifting every score alike, is
/// removed by adding 𝟙𝟙ᵀ/n to the information matrix: it leaves the Newton steps (which are
/// orthogonal to 𝟙) unchanged and keeps the system well conditioned for any prior. Each
/// iteration solves an n×n system, so the cost grows as n³: fine for a project's few
/// hundred photographs in severity mode.
public struct BradleyTerry: Sendable, Hashable, Codable {
    /// Precision (1/variance) of the ridge prior on each score.
    public var priorPrecision: Double
    public var maximumIterations: Int
    /// Largest Newton step (in any score) at which the fit has converged.
    public var tolerance: Double

    public init(priorPrecision: Double = 0.1, maximumIterations: Int = 100, tolerance: Double = 1e-9) {
        self.priorPrecision = priorPrecision
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
    }

    /// Fits scores to the comparisons.
    /// - Parameter photographs: photographs to score even if not yet compared (they get the
    ///   prior's score and uncertainty); any others in the comparisons follow in order of
    ///   first appearance.
    /// - Throws: `BradleyTerryError`.
    public func fit(_ comparisons: [PairwiseComparison], photographs: [PhotographID] = []) throws(BradleyTerryError) -> BradleyTerryFit {
        guard priorPrecision > 0, priorPrecision.isFinite else { throw .invalidPriorPrecision(priorPrecision) }
        var order: [PhotographID] = []
        var index: [PhotographID: Int] = [:]
        func add(_ photograph: PhotographID) {
            if index[photograph] == nil {
                index[photograph] = order.count
                order.append(photograph)
            }
        }
        photographs.forEach(add)
        var games: [(winner: Int, loser: Int)] = []
        for comparison in comparisons {
            guard comparison.winner != comparison.loser else { throw .selfComparison(comparison.winner) }
            add(comparison.winner)
            add(comparison.loser)
            games.append((index[comparison.winner] ?? 0, index[comparison.loser] ?? 0))
        }
        guard order.count >= 2 else { throw .tooFewPhotographs(order.count) }

        let n = order.count
        var theta = Array(repeating: 0.0, count: n)
        var converged = false
        for _ in 0..<maximumIterations {
            let (gradient, information) = derivatives(theta, games)
            guard let factor = CholeskyFactorization(information) else { break }
            let step = factor.solve(gradient)
            var next = zip(theta, step).map { $0 + $1 }
            if (step.map(abs).max() ?? 0) < tolerance {
                theta = next
                converged = true
                break
            }
            // Halve steps that lose posterior beyond rounding (far from the optimum only).
            let current = logPosterior(theta, games)
            let slack = 1e-12 * max(1, abs(current))
            var scale = 1.0
            while logPosterior(next, games) < current - slack, scale > 1e-10 {
                scale /= 2
                next = zip(theta, step).map { $0 + scale * $1 }
            }
            theta = next
        }
        guard converged, let factor = CholeskyFactorization(derivatives(theta, games).information) else {
            throw .didNotConverge(iterations: maximumIterations)
        }
        let mean = theta.reduce(0, +) / Double(n)
        return BradleyTerryFit(photographs: order, scores: theta.map { $0 - mean },
                               covariance: Self.centred(factor.inverse()))
    }

    /// Gradient of the log posterior, and its negative Hessian with 𝟙𝟙ᵀ/n added.
    private func derivatives(_ theta: [Double], _ games: [(winner: Int, loser: Int)]) -> (gradient: [Double], information: [[Double]]) {
        let n = theta.count
        var gradient = theta.map { -priorPrecision * $0 }
        var information = Array(repeating: Array(repeating: 1 / Double(n), count: n), count: n)
        for i in 0..<n { information[i][i] += priorPrecision }
        for (w, l) in games {
            let p = Self.logistic(theta[w] - theta[l])
            gradient[w] += 1 - p
            gradient[l] -= 1 - p
            let q = p * (1 - p)
            information[w][w] += q
            information[l][l] += q
            information[w][l] -= q
            information[l][w] -= q
        }
        return (gradient, information)
    }

    private func logPosterior(_ theta: [Double], _ games: [(winner: Int, loser: Int)]) -> Double {
        // log σ(d) = −softplus(−d), computed without overflow.
        let likelihood = games.reduce(0.0) { sum, game in
            let d = theta[game.winner] - theta[game.loser]
            return sum - (max(-d, 0) + log1p(exp(-abs(d))))
        }
        return likelihood - priorPrecision / 2 * theta.reduce(0) { $0 + $1 * $1 }
    }

    static func logistic(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }

    /// C Σ C with C = I − 𝟙𝟙ᵀ/n: the covariance of the centred scores.
    private static func centred(_ covariance: [[Double]]) -> [[Double]] {
        let n = Double(covariance.count)
        let rowMeans = covariance.map { $0.reduce(0, +) / n }
        let total = rowMeans.reduce(0, +) / n
        return covariance.indices.map { i in covariance.indices.map { j in covariance[i][j] - rowMeans[i] - rowMeans[j] + total } }
    }
}
