import Foundation

/// What one site's round of local training reports to the federation: counts and
/// figures only, never a row, a file name or a pixel.
public struct FederatedFitReport: Codable, Sendable, Equatable {
    /// Training photographs the site drew from (the FedAvg weight).
    public var samples: Int
    /// Held-out photographs of the site's train split that measured `validation`.
    public var validationSamples: Int
    public var steps: Int
    /// Mean task loss (cross-entropy) over the round's steps, without the proximal term.
    public var loss: Double
    /// Mean proximal term over the round's steps (0 for FedAvg).
    public var proximal: Double
    public var mu: Double
    /// The site's validation figures after the round (accuracy, auc, …; non-finite values left out).
    public var validation: [String: Double]
    public var durationSeconds: Double
    /// Floating-point values written (the size of the update).
    public var parameterCount: Int

    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
