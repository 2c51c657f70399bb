import Foundation

/// Why a monitoring statistic could not be computed. A struct around a private enum, so
/// cases can be added without breaking clients; `description` names the problem and the
/// sizes involved, never feature values (they may come from patient photographs).
public struct MonitoringError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case tooFewValues(statistic: String, needed: Int, got: Int)
        case singleClass(statistic: String)
        case dimensionMismatch(expected: Int, got: Int)
        case invalidParameter(name: String)
        case nonFiniteValue(statistic: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// A sample was smaller than the statistic needs.
    public static func tooFewValues(_ statistic: String, needed: Int, got: Int) -> MonitoringError {
        MonitoringError(.tooFewValues(statistic: statistic, needed: needed, got: got))
    }

    /// Labels (or reference / current memberships) were all of one class.
    public static func singleClass(_ statistic: String) -> MonitoringError {
        MonitoringError(.singleClass(statistic: statistic))
    }

    /// Vectors (embeddings) of different lengths were mixed.
    public static func dimensionMismatch(expected: Int, got: Int) -> MonitoringError {
        MonitoringError(.dimensionMismatch(expected: expected, got: got))
    }

    /// A configuration value was out of its range.
    public static func invalidParameter(_ name: String) -> MonitoringError {
        MonitoringError(.invalidParameter(name: name))
    }

    /// A value was NaN or infinite where a statistic needs finite numbers.
    public static func nonFiniteValue(_ statistic: String) -> MonitoringError {
        MonitoringError(.nonFiniteValue(statistic: statistic))
    }

    public var description: String {
        switch reason {
        case let .tooFewValues(statistic, needed, got): "\(statistic) needs at least \(needed) values, got \(got)"
        case let .singleClass(statistic): "\(statistic) needs both classes"
        case let .dimensionMismatch(expected, got): "vectors of length \(expected) and \(got) were mixed"
        case let .invalidParameter(name): "parameter \(name) is out of range"
        case let .nonFiniteValue(statistic): "\(statistic) got a value that is not finite"
        }
    }
}
