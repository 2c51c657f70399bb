/// A photograph's size in pixels, against which drawn labels are checked.
public struct ImageSize: Sendable, Hashable, Codable {
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Whether a point lies on the image (its edges included).
    public func contains(_ point: ImagePoint) -> Bool {
        point.isFinite && point.x >= 0 && point.y >= 0 && point.x <= Double(width) && point.y <= Double(height)
    }
}
