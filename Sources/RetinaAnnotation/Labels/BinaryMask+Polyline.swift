extension BinaryMask {
    /// A polyline drawn as a stroke `thickness` pixels wide: every pixel whose centre lies
    /// within half the thickness of a segment is set. `origin` is the image position of the
    /// mask's top-left pixel, so a stroke can be drawn on a crop of the image.
    public init(polyline points: [ImagePoint], thickness: Double, width: Int, height: Int,
                origin: (x: Int, y: Int) = (0, 0)) {
        self.init(width: width, height: height)
        let radius = max(thickness, 0) / 2
        let segments = points.count == 1 ? [(points[0], points[0])] : Array(zip(points, points.dropFirst()))
        for (start, end) in segments {
            let lowX = Int((min(start.x, end.x) - radius).rounded(.down)) - origin.x
            let highX = Int((max(start.x, end.x) + radius).rounded(.up)) - origin.x
            let lowY = Int((min(start.y, end.y) - radius).rounded(.down)) - origin.y
            let highY = Int((max(start.y, end.y) + radius).rounded(.up)) - origin.y
            for y in stride(from: max(lowY, 0), through: min(highY, self.height - 1), by: 1) {
                for x in stride(from: max(lowX, 0), through: min(highX, self.width - 1), by: 1) {
                    let centre = ImagePoint(x: Double(x + origin.x) + 0.5, y: Double(y + origin.y) + 0.5)
                    if Self.distance(from: centre, toSegment: start, end) <= radius { self[x, y] = true }
                }
            }
        }
    }

    static func distance(from point: ImagePoint, toSegment start: ImagePoint, _ end: ImagePoint) -> Double {
        let dx = end.x - start.x, dy = end.y - start.y
        let lengthSquared = dx * dx + dy * dy
        guard lengthSquared > 0 else { return point.distance(to: start) }
        let t = min(max(((point.x - start.x) * dx + (point.y - start.y) * dy) / lengthSquared, 0), 1)
        return point.distance(to: ImagePoint(x: start.x + t * dx, y: start.y + t * dy))
    }
}
