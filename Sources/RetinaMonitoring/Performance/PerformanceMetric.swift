import Foundation

/// The figures live performance is watched by.
public enum PerformanceMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case sensitivity
    case specificity
    case accuracy
}
