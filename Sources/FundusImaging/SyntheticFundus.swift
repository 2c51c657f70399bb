import Foundation
import Torch

/// Draws fundus-like photographs: an orange retina on black, a bright optic
/// disc, a darker fovea and branching vessels leaving the disc. For demos,
/// tests and generated fixtures, never for measuring model quality.
public struct SyntheticFundus: Sendable {
    public var size: Int
    public var eye: Eye
    public var seed: UInt64

    public init(size: Int = 512, eye: Eye = .right, seed: UInt64 = 0) {
        self.size = size
        self.eye = eye
        self.seed = seed
    }

    /// The picture plus where its disc and fovea are and which pixels are vessels.
    public struct Drawing: Sendable {
        public let image: Bitmap
        public let vessels: Bitmap
        public let fieldOfView: Bitmap
        public let disc: Point
        public let fovea: Point
    }

    public func draw() throws -> Drawing {
        let rng = try RandomGenerator(seed: seed)
        let s = Double(size)
        let center = Point(x: s / 2, y: s / 2)
        let radius = s * 0.46
        // Right eye: the disc sits on the viewer's right of the fovea.
        let side = eye == .right ? 1.0 : -1.0
        let disc = Point(x: center.x + side * s * 0.18, y: center.y - s * 0.02)
        let fovea = Point(x: center.x - side * s * 0.05, y: center.y + s * 0.01)
        let discRadius = s * 0.055

        var vessels = try Bitmap(width: size, height: size, channels: 1)
        for branch in 0 ..< 10 {
            var angle = Double(branch) / 10 * 2 * .pi + (try rng.uniform(-0.2...0.2))
            var p = disc
            var width = s * 0.009 * (branch % 3 == 0 ? 1.3 : 1.0)
            for _ in 0 ..< Int(s * 0.6) {
                angle += try rng.uniform(-0.06...0.06)
                p = Point(x: p.x + Foundation.cos(angle), y: p.y + Foundation.sin(angle))
                if p.distance(to: center) > radius { break }
                width = max(width * 0.997, 1.0)
                let r = Int(width.rounded(.up))
                for dy in -r ... r { for dx in -r ... r where Double(dx * dx + dy * dy) <= width * width {
                    let (x, y) = (Int(p.x) + dx, Int(p.y) + dy)
                    if x >= 0, y >= 0, x < size, y < size { vessels[x, y] = 255 }
                } }
            }
        }

        var image = try Bitmap(width: size, height: size, channels: 3)
        var fov = try Bitmap(width: size, height: size, channels: 1)
        for y in 0 ..< size {
            for x in 0 ..< size {
                let p = Point(x: Double(x), y: Double(y))
                let r = p.distance(to: center) / radius
                guard r <= 1 else { continue }
                fov[x, y] = 255
                let vignette = 1 - 0.35 * r * r
                let discGlow = Foundation.exp(-Foundation.pow(p.distance(to: disc) / discRadius, 4))
                let macula = Foundation.exp(-Foundation.pow(p.distance(to: fovea) / (s * 0.07), 2))
                var rgb = [200.0, 95.0, 40.0].map { $0 * vignette * (1 - 0.35 * macula) }
                rgb = zip(rgb, [250.0, 230.0, 170.0]).map { $0 * (1 - discGlow) + $1 * discGlow }
                if vessels[x, y] > 0 { rgb = [rgb[0] * 0.7, rgb[1] * 0.45, rgb[2] * 0.5] }
                for c in 0 ..< 3 { image[x, y, c] = UInt8(max(0, min(255, rgb[c]))) }
            }
        }
        return Drawing(image: try image.gaussianBlurred(sigma: 0.8), vessels: vessels, fieldOfView: fov, disc: disc, fovea: fovea)
    }
}
