import Foundation

/// The limiting distribution of √n · Dₙ, the Kolmogorov–Smirnov statistic (scipy's `kstwobign`).
public enum KolmogorovDistribution {
    /// P(K > λ) = 2 Σₖ₌₁ (−1)ᵏ⁻¹ exp(−2k²λ²). That series converges slowly for small λ, so below
    /// λ = 1.18 the equivalent Jacobi form 1 − (√(2π)/λ) Σₖ₌₁ exp(−(2k−1)²π²/(8λ²)) is used.
    /// Both are summed until a term falls below 10⁻¹⁶; the result is accurate to about 10⁻¹⁵.
    public static func survival(_ lambda: Double) -> Double {
        guard lambda > 0 else { return 1 }
        if lambda < 1.18 {
            let scale = -Double.pi * Double.pi / (8 * lambda * lambda)
            var sum = 0.0
            for k in 1...100 {
                let odd = Double(2 * k - 1)
                let term = exp(scale * odd * odd)
                sum += term
                if term < 1e-16 { break }
            }
            return min(1, max(0, 1 - (2 * Double.pi).squareRoot() / lambda * sum))
        }
        var sum = 0.0
        var sign = 1.0
        for k in 1...100 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            sum += sign * term
            sign = -sign
            if term < 1e-16 { break }
        }
        return min(1, max(0, 2 * sum))
    }
}
