import Foundation

/// A point in pixel coordinates: x to the right, y down, pixel centres at integers.
public struct Point: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
    public func distance(to other: Point) -> Double { hypot(x - other.x, y - other.y) }
    public var description: String { String(format: "(%.1f, %.1f)", x, y) }
}

/// An axis-aligned rectangle in pixels.
public struct Rect: Sendable, Equatable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }
}

/// A width × height in pixels.
public struct Size: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)×\(height)" }
}
