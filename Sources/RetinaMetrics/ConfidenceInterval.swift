import Foundation

/// 95 % confidence intervals for the figures of small test sets, so that a card
/// says how far a sensitivity on 37 photographs can be trusted.
public enum ConfidenceInterval {
    /// The Wilson score interval for `successes` out of `trials` (nil without trials).
    public static func wilson(successes: Int, of trials: Int, z: Double = 1.96) -> ClosedRange<Double>? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return max(0, centre - half) ... min(1, centre + half)
    }

    /// The ROC AUC ± z standard errors of Hanley and McNeil (Radiology 143:29–36, 1982), clipped to 0…1.
    public static func hanleyMcNeil(auc: Double, positives: Int, negatives: Int, z: Double = 1.96) -> ClosedRange<Double>? {
        guard positives > 0, negatives > 0, auc.isFinite else { return nil }
        let (np, nn) = (Double(positives), Double(negatives))
        let q1 = auc / (2 - auc)
        let q2 = 2 * auc * auc / (1 + auc)
        let variance = (auc * (1 - auc) + (np - 1) * (q1 - auc * auc) + (nn - 1) * (q2 - auc * auc)) / (np * nn)
        let half = z * max(0, variance).squareRoot()
        return max(0, auc - half) ... min(1, auc + half)
    }
}
