/// An axis-aligned rectangle in image pixels; the corners are stored ordered whichever
/// way it was drawn.
public struct BoundingBox: Sendable, Hashable, Codable {
    public let minX: Double
    public let minY: Double
    public let maxX: Double
    public let maxY: Double

    public init(from corner: ImagePoint, to opposite: ImagePoint) {
        minX = min(corner.x, opposite.x)
        minY = min(corner.y, opposite.y)
        maxX = max(corner.x, opposite.x)
        maxY = max(corner.y, opposite.y)
    }

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.init(from: ImagePoint(x: x, y: y), to: ImagePoint(x: x + width, y: y + height))
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
    public var area: Double { width * height }
    public var topLeft: ImagePoint { ImagePoint(x: minX, y: minY) }
    public var bottomRight: ImagePoint { ImagePoint(x: maxX, y: maxY) }

    /// The overlap of two boxes, nil when they do not overlap.
    public func intersection(_ other: BoundingBox) -> BoundingBox? {
        let low = ImagePoint(x: max(minX, other.minX), y: max(minY, other.minY))
        let high = ImagePoint(x: min(maxX, other.maxX), y: min(maxY, other.maxY))
        guard low.x <= high.x, low.y <= high.y else { return nil }
        return BoundingBox(from: low, to: high)
    }
}
