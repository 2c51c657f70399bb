import Foundation

/// Platt's sigmoid calibration, p = σ(slope · score + intercept), fitted by Newton's method on
/// reference scores with known labels. Targets are Platt's smoothed (N₊ + 1)/(N₊ + 2) and
/// 1/(N₋ + 2) rather than 1 and 0, so separable data does not send the slope to infinity.
public struct PlattScaling: Sendable, Hashable, Codable {
    public let slope: Double
    public let intercept: Double

    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }

    public init(scores: [Double], labels: [Bool]) throws(MonitoringError) {
        guard scores.count == labels.count else { throw .dimensionMismatch(expected: scores.count, got: labels.count) }
        guard scores.allSatisfy(\.isFinite) else { throw .nonFiniteValue("Platt scaling") }
        let positives = Double(labels.filter { $0 }.count)
        let negatives = Double(labels.count) - positives
        guard positives > 0, negatives > 0 else { throw .singleClass("Platt scaling") }
        let high = (positives + 1) / (positives + 2)
        let low = 1 / (negatives + 2)
        let targets = labels.map { $0 ? high : low }

        func loss(_ a: Double, _ b: Double) -> Double {
            var sum = 0.0
            for (score, target) in zip(scores, targets) {
                let z = a * score + b
                // −[t log σ(z) + (1 − t) log(1 − σ(z))] = softplus(z) − t·z
                sum += Self.softplus(z) - target * z
            }
            return sum
        }
        var a = 0.0
        var b = log((positives + 1) / (negatives + 1))
        var current = loss(a, b)
        for _ in 0..<100 {
            var (ga, gb, haa, hab, hbb) = (0.0, 0.0, 1e-12, 0.0, 1e-12)
            for (score, target) in zip(scores, targets) {
                let q = LogisticRegression.sigmoid(a * score + b)
                let residual = q - target
                let curvature = q * (1 - q)
                ga += residual * score
                gb += residual
                haa += curvature * score * score
                hab += curvature * score
                hbb += curvature
            }
            if abs(ga) < 1e-10, abs(gb) < 1e-10 { break }
            let determinant = haa * hbb - hab * hab
            let stepA = (hbb * ga - hab * gb) / determinant
            let stepB = (haa * gb - hab * ga) / determinant
            // Backtracking: halve the Newton step until the loss decreases.
            var fraction = 1.0
            var improved = false
            while fraction > 1e-10 {
                let (na, nb) = (a - fraction * stepA, b - fraction * stepB)
                let candidate = loss(na, nb)
                if candidate < current {
                    (a, b, current) = (na, nb, candidate)
                    improved = true
                    break
                }
                fraction /= 2
            }
            if !improved { break }
        }
        slope = a
        intercept = b
    }

    public func calibrated(_ score: Double) -> Double {
        LogisticRegression.sigmoid(slope * score + intercept)
    }

    static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }
}
