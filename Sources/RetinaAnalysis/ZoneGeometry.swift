import Foundation
import FundusImaging

/// ROP zones from the two landmarks (ICROP3): zone I is the circle centred on
/// the optic disc whose radius is twice the disc–fovea distance; posterior
/// zone II is the band two disc diameters beyond zone I's border.
///
/// A premature infant's fovea is often not visible. Then, with the disc found,
/// the fovea is *estimated* from the disc: the disc–fovea distance is 3.76 disc
/// diameters in preterm and term infants (De Silva et al., "Optic disk size and
/// optic disk-to-fovea distance in preterm and full-term infants", IOVS
/// 47:4683–4686, 2006; RetCam images, ratio to the mean of disc height and
/// width, as `LandmarkDetection.discDiameter` measures it; adults: 2.65, Jing et
/// al., Beijing Eye Study 2011), temporal to the disc and 5.5° below it
/// (Rohrschneider, IOVS 45:3257–3258, 2004: 15.5° temporal, 1.5° inferior),
/// the photograph taken upright. Such a zone is marked `estimated`, never
/// reported as measured.
public struct ZoneGeometry: Codable, Sendable, Equatable {
    public var center: Point
    public var discFoveaDistance: Double
    public var zoneIRadius: Double
    /// Outer border of posterior zone II; nil without a disc diameter.
    public var posteriorZoneIIRadius: Double?
    public var discDiameter: Double?
    /// The eye that the landmark layout implies: disc to the right of the fovea in the image → right eye.
    public var eyeFromGeometry: Eye
    /// True when the fovea was not found and zone I was placed from the disc alone (`estimatedFovea`).
    public var estimated: Bool
    /// The fovea the estimated zone assumes; nil when the fovea was found.
    public var estimatedFovea: Point?

    /// Disc–fovea distance over disc diameter in infants (De Silva et al. 2006).
    public static let infantDiscFoveaRatio = 3.76
    /// The fovea's angle below the horizontal through the disc centre (Rohrschneider 2004).
    public static let foveaDepressionDegrees = 5.5

    public init(disc: Point, fovea: Point, discDiameter: Double?) {
        let radius = 2 * disc.distance(to: fovea)
        center = disc
        discFoveaDistance = radius / 2
        zoneIRadius = radius
        self.discDiameter = discDiameter
        posteriorZoneIIRadius = discDiameter.map { radius + 2 * $0 }
        eyeFromGeometry = disc.x > fovea.x ? .right : .left
        estimated = false
        estimatedFovea = nil
    }

    /// Zone I estimated from the disc alone: the fovea 3.76 disc diameters temporal to
    /// the disc (to the viewer's left in a right eye) and 5.5° below it.
    public init(disc: Point, discDiameter: Double, eye: Eye) {
        let distance = Self.infantDiscFoveaRatio * discDiameter
        let angle = Self.foveaDepressionDegrees * .pi / 180
        let temporal: Double = eye == .right ? -1 : 1
        let fovea = Point(x: disc.x + temporal * distance * cos(angle), y: disc.y + distance * sin(angle))
        self.init(disc: disc, fovea: fovea, discDiameter: discDiameter)
        estimated = true
        estimatedFovea = fovea
    }

    /// Reports stored before estimated zones existed decode as measured zones.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        center = try c.decode(Point.self, forKey: .center)
        discFoveaDistance = try c.decode(Double.self, forKey: .discFoveaDistance)
        zoneIRadius = try c.decode(Double.self, forKey: .zoneIRadius)
        posteriorZoneIIRadius = try c.decodeIfPresent(Double.self, forKey: .posteriorZoneIIRadius)
        discDiameter = try c.decodeIfPresent(Double.self, forKey: .discDiameter)
        eyeFromGeometry = try c.decode(Eye.self, forKey: .eyeFromGeometry)
        estimated = try c.decodeIfPresent(Bool.self, forKey: .estimated) ?? false
        estimatedFovea = try c.decodeIfPresent(Point.self, forKey: .estimatedFovea)
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
