import FundusImaging

/// ROP zones from the two landmarks (ICROP3): zone I is the circle centred on
/// the optic disc whose radius is twice the disc–fovea distance; posterior
/// zone II is the band two disc diameters beyond zone I's border.
public struct ZoneGeometry: Codable, Sendable, Equatable {
    public var center: Point
    public var discFoveaDistance: Double
    public var zoneIRadius: Double
    /// Outer border of posterior zone II; nil without a disc diameter.
    public var posteriorZoneIIRadius: Double?
    public var discDiameter: Double?
    /// The eye that the landmark layout implies: disc to the right of the fovea in the image → right eye.
    public var eyeFromGeometry: Eye

    public init(disc: Point, fovea: Point, discDiameter: Double?) {
        let radius = 2 * disc.distance(to: fovea)
        center = disc
        discFoveaDistance = radius / 2
        zoneIRadius = radius
        self.discDiameter = discDiameter
        posteriorZoneIIRadius = discDiameter.map { radius + 2 * $0 }
        eyeFromGeometry = disc.x > fovea.x ? .right : .left
    }

    /// Whether `point` lies inside zone I.
    public func inZoneI(_ point: Point) -> Bool { point.distance(to: center) <= zoneIRadius }

    /// A 0/255 mask of zone I at `size`, for measuring vessels inside it.
    public func zoneIMask(size: Size) throws -> Bitmap {
        var mask = try Bitmap(width: size.width, height: size.height, channels: 1)
        let r = zoneIRadius
        for y in max(0, Int(center.y - r)) ..< min(size.height, Int(center.y + r) + 2) {
            for x in max(0, Int(center.x - r)) ..< min(size.width, Int(center.x + r) + 2)
            where Point(x: Double(x), y: Double(y)).distance(to: center) <= r {
                mask[x, y] = 255
            }
        }
        return mask
    }
}
