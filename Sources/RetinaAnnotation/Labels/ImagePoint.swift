import Foundation

/// A position in image pixels: x to the right, y down, (0, 0) the top-left corner of the
/// top-left pixel.
public struct ImagePoint: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: ImagePoint) -> Double { hypot(x - other.x, y - other.y) }

    var isFinite: Bool { x.isFinite && y.isFinite }
}
