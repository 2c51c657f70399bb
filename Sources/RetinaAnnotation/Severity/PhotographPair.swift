/// Two photographs to be shown side by side, in display order.
public struct PhotographPair: Sendable, Hashable, Codable {
    public let first: PhotographID
    public let second: PhotographID

    public init(_ first: PhotographID, _ second: PhotographID) {
        self.first = first
        self.second = second
    }

    /// Whether both pairs hold the same two photographs, in either order.
    public func matches(_ other: PhotographPair) -> Bool {
        (first == other.first && second == other.second) || (first == other.second && second == other.first)
    }
}
