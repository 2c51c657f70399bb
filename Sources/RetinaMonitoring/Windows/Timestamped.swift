import Foundation

/// A value with the time it was observed.
public struct Timestamped<Value> {
    public var timestamp: Date
    public var value: Value

    public init(_ value: Value, at timestamp: Date) {
        self.timestamp = timestamp
        self.value = value
    }
}

extension Timestamped: Sendable where Value: Sendable {}
extension Timestamped: Equatable where Value: Equatable {}
extension Timestamped: Hashable where Value: Hashable {}
extension Timestamped: Codable where Value: Codable {}
