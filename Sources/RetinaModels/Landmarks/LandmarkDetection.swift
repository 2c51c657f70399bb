import FundusImaging

/// A located point with its confidence (the heat map's peak, 0–1).
public struct Landmark: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var confidence: Double
    /// False when the confidence is under the model's threshold: the point is a guess.
    public var found: Bool

    public init(x: Double, y: Double, confidence: Double, found: Bool) {
        (self.x, self.y, self.confidence, self.found) = (x, y, confidence, found)
    }

    public var point: Point { Point(x: x, y: y) }
}

/// Optic disc (centre and box) and fovea, in the pixels of the photograph as sent.
public struct LandmarkDetection: Codable, Sendable, Equatable {
    public var opticDisc: Landmark
    public var opticDiscBox: Rect
    public var fovea: Landmark

    public init(opticDisc: Landmark, opticDiscBox: Rect, fovea: Landmark) {
        (self.opticDisc, self.opticDiscBox, self.fovea) = (opticDisc, opticDiscBox, fovea)
    }

    /// Disc diameter: the mean of the box's sides.
    public var discDiameter: Double { (opticDiscBox.width + opticDiscBox.height) / 2 }
}
