import Foundation
import FundusImaging
import Torch

/// Pictures that are not fundus photographs, drawn from a seed, for teaching
/// the quality model its `outlier` class: what lands in a screening system by
/// mistake is a document, a screenshot, a photograph of a room or of a face,
/// a test pattern, a blank frame or a slide under a microscope.
public enum SyntheticOutlier: String, CaseIterable, Sendable {
    case document, shapes, scene, room, externalEye, pattern, noise, microscope, blank

    /// A random kind of outlier, `size` × `size` pixels; half of them as seen
    /// through a fundus camera (see `throughCamera`).
    public static func random(size: Int, generator: RandomGenerator) throws -> Bitmap {
        let kind = try generator.element(of: allCases)
        let picture = try kind.draw(size: size, generator: generator)
        return try generator.chance(0.5) ? throughCamera(picture, generator: generator) : picture
    }

    /// Frame shapes (width / height) of the pictures that reach the service: square,
    /// the 4:3 and 3:2 of cameras (DRIMDB's photographs are 4:3), 16:9 screens, portrait pages.
    public static let frameAspects: [Double] = [1, 4.0 / 3, 3.0 / 2, 16.0 / 9, 3.0 / 4]

    /// A random outlier in a random frame shape (`frameAspects`), `size` pixels high:
    /// once letterboxed like every photograph, it carries the same bars, so that
    /// bars cannot tell a fundus camera's frame from anything else.
    public static func randomFramed(size: Int, generator: RandomGenerator) throws -> Bitmap {
        let picture = try random(size: size, generator: generator)
        let aspect = try generator.element(of: frameAspects)
        guard aspect != 1 else { return picture }
        return try picture.resized(to: Size(width: max(1, Int((Double(size) * aspect).rounded())), height: size))
    }

    /// What a fundus camera makes of a scene that is not a retina: dim, warm,
    /// soft, dark towards the corners (the camera's circular aperture), often
    /// with a bright reflection.
    public static func throughCamera(_ picture: Bitmap, generator g: RandomGenerator) throws -> Bitmap {
        var out = try picture.gaussianBlurred(sigma: Double(picture.width) * (try g.uniform(0.002...0.01)))
        let gain = try g.uniform(0.25...0.9)
        let warmth = (r: try g.uniform(0.9...1.2), g: try g.uniform(0.6...0.9), b: try g.uniform(0.3...0.7))
        let (cx, cy) = (Double(out.width) / 2, Double(out.height) / 2)
        let radius = Double(max(out.width, out.height)) * (try g.uniform(0.45...0.7))
        for y in 0 ..< out.height {
            for x in 0 ..< out.width {
                let d = hypot(Double(x) - cx, Double(y) - cy) / radius
                let vignette = gain * max(0, 1 - d * d)
                out[x, y, 0] = UInt8(min(255, Double(out[x, y, 0]) * vignette * warmth.r))
                out[x, y, 1] = UInt8(min(255, Double(out[x, y, 1]) * vignette * warmth.g))
                out[x, y, 2] = UInt8(min(255, Double(out[x, y, 2]) * vignette * warmth.b))
            }
        }
        if try g.chance(0.5) {
            let spot = Point(x: try g.uniform(0.3...0.7) * Double(out.width), y: try g.uniform(0.3...0.7) * Double(out.height))
            try out.drawCircle(center: spot, radius: Double(out.width) * (try g.uniform(0.02...0.08)), color: Color(255, 250, 225), thickness: -1)
            out = try out.gaussianBlurred(sigma: 1)
        }
        return out
    }

    public func draw(size: Int, generator: RandomGenerator) throws -> Bitmap {
        let g = generator
        let s = Double(size)
        func colour(_ range: ClosedRange<Double> = 0...255) throws -> Color {
            Color(UInt8(try g.uniform(range)), UInt8(try g.uniform(range)), UInt8(try g.uniform(range)))
        }
        func point() throws -> Point { Point(x: try g.uniform(0...s), y: try g.uniform(0...s)) }
        var image = try Bitmap(width: size, height: size, channels: 3, value: 0)
        switch self {
        case .document:
            image = try Bitmap(width: size, height: size, channels: 3, value: UInt8(try g.uniform(215...255)))
            var y = try g.uniform(0.04...0.12) * s
            let lineHeight = try g.uniform(0.025...0.06) * s
            while y < s * 0.95 {
                var x = try g.uniform(0.04...0.1) * s
                let end = s * (try g.uniform(0.6...0.95))
                while x < end {
                    let word = try g.uniform(0.03...0.12) * s
                    try image.drawRectangle(Rect(x: x, y: y, width: word, height: lineHeight * 0.5), color: try colour(0...70), thickness: -1)
                    x += word + lineHeight * 0.4
                }
                y += lineHeight * (try g.uniform(1.3...2.2))
            }
        case .shapes:
            image = try Bitmap(width: size, height: size, channels: 3, value: UInt8(try g.uniform(0...255)))
            for _ in 0 ..< Int(try g.uniform(4...20)) {
                let thickness = try g.chance(0.5) ? -1 : Int(try g.uniform(1...6))
                switch Int(try g.uniform(0...2.99)) {
                case 0: try image.drawCircle(center: try point(), radius: try g.uniform(0.03...0.25) * s, color: try colour(), thickness: thickness)
                case 1:
                    let p = try point()
                    try image.drawRectangle(Rect(x: p.x, y: p.y, width: try g.uniform(0.05...0.4) * s, height: try g.uniform(0.05...0.4) * s),
                                            color: try colour(), thickness: thickness)
                default: try image.drawLine(from: try point(), to: try point(), color: try colour(), thickness: max(1, thickness))
                }
            }
        case .scene:
            // Sky over ground, a horizon, a few objects: a photograph of a room or of the outdoors.
            let horizon = Int(try g.uniform(0.3...0.7) * s)
            let sky = try colour(120...235), ground = try colour(30...160)
            for y in 0 ..< size {
                let c = y < horizon ? sky : ground
                let shade = 0.75 + 0.25 * Double(y) / s
                for x in 0 ..< size {
                    image[x, y, 0] = UInt8(Double(c.red) * shade)
                    image[x, y, 1] = UInt8(Double(c.green) * shade)
                    image[x, y, 2] = UInt8(Double(c.blue) * shade)
                }
            }
            for _ in 0 ..< Int(try g.uniform(2...8)) {
                let w = try g.uniform(0.05...0.3) * s, h = try g.uniform(0.1...0.5) * s
                try image.drawRectangle(Rect(x: try g.uniform(0...s), y: Double(horizon) - h * 0.8, width: w, height: h), color: try colour(), thickness: -1)
            }
            image = try image.gaussianBlurred(sigma: 1)
        case .room:
            // The camera pointed at the examination room: a dim wall, a door or a window,
            // furniture at the bottom, all in the camera's warm, low light.
            let wall = try g.uniform(40...120)
            image = try Bitmap(width: size, height: size, channels: 3, value: 0)
            for y in 0 ..< size {
                let shade = wall * (0.7 + 0.3 * Double(y) / s)
                for x in 0 ..< size {
                    image[x, y, 0] = UInt8(min(255, shade * 1.1))
                    image[x, y, 1] = UInt8(shade * 0.85)
                    image[x, y, 2] = UInt8(shade * 0.6)
                }
            }
            for _ in 0 ..< Int(try g.uniform(1...4)) {
                let w = try g.uniform(0.15...0.45) * s, h = try g.uniform(0.4...0.95) * s
                let tone = try g.uniform(0.6...2.2) * wall
                let door = Color(UInt8(min(255, tone * 1.05)), UInt8(min(255, tone * 0.9)), UInt8(min(255, tone * 0.7)))
                let origin = Point(x: try g.uniform(-0.1...0.8) * s, y: try g.uniform(-0.05...0.4) * s)
                try image.drawRectangle(Rect(x: origin.x, y: origin.y, width: w, height: h), color: door, thickness: -1)
                try image.drawRectangle(Rect(x: origin.x, y: origin.y, width: w, height: h), color: Color(20, 15, 10), thickness: 2)
            }
            if try g.chance(0.6) {
                try image.drawRectangle(Rect(x: 0, y: s * (try g.uniform(0.7...0.9)), width: s * (try g.uniform(0.3...1)), height: s * 0.3),
                                        color: Color(UInt8(wall * 1.6), UInt8(wall * 1.5), UInt8(wall * 1.4)), thickness: -1)
            }
            image = try Self.throughCamera(image.gaussianBlurred(sigma: 1.5), generator: g)
        case .externalEye:
            // Skin, the white of the eye, the iris and the pupil: the eye photographed from outside.
            image = try Bitmap(width: size, height: size, channels: 3, value: 0)
            let skin = Color(UInt8(try g.uniform(150...240)), UInt8(try g.uniform(100...190)), UInt8(try g.uniform(80...160)))
            try image.drawRectangle(Rect(x: 0, y: 0, width: s, height: s), color: skin, thickness: -1)
            let centre = Point(x: s * (try g.uniform(0.35...0.65)), y: s * (try g.uniform(0.4...0.6)))
            let eyeWidth = s * (try g.uniform(0.25...0.4))
            for dy in stride(from: -eyeWidth * 0.4, through: eyeWidth * 0.4, by: 1) {
                let half = eyeWidth * (1 - (dy / (eyeWidth * 0.4)) * (dy / (eyeWidth * 0.4))).squareRoot()
                try image.drawLine(from: Point(x: centre.x - half, y: centre.y + dy), to: Point(x: centre.x + half, y: centre.y + dy),
                                   color: Color(235, 232, 225), thickness: 2)
            }
            try image.drawCircle(center: centre, radius: eyeWidth * 0.38, color: try colour(40...150), thickness: -1)
            try image.drawCircle(center: centre, radius: eyeWidth * 0.15, color: Color(10, 10, 10), thickness: -1)
            image = try image.gaussianBlurred(sigma: 1.2)
        case .pattern:
            let period = max(2, Int(try g.uniform(0.02...0.2) * s))
            let a = try colour(), b = try colour()
            let checker = try g.chance(0.5)
            for y in 0 ..< size {
                for x in 0 ..< size {
                    let on = checker ? ((x / period + y / period) % 2 == 0) : ((x / period) % 2 == 0)
                    let c = on ? a : b
                    image[x, y, 0] = c.red
                    image[x, y, 1] = c.green
                    image[x, y, 2] = c.blue
                }
            }
        case .noise:
            // Smooth colour noise: a coarse random grid scaled up.
            let grid = Int(try g.uniform(3...24))
            var coarse = try Bitmap(width: grid, height: grid, channels: 3, value: 0)
            coarse.pixels = try g.uniforms(coarse.pixels.count).map { UInt8($0 * 255) }
            image = try coarse.resized(to: Size(width: size, height: size), interpolation: .linear)
        case .microscope:
            let background = Color(UInt8(try g.uniform(200...250)), UInt8(try g.uniform(150...220)), UInt8(try g.uniform(190...240)))
            try image.drawRectangle(Rect(x: 0, y: 0, width: s, height: s), color: background, thickness: -1)
            for _ in 0 ..< Int(try g.uniform(15...60)) {
                let centre = try point()
                let r = try g.uniform(0.01...0.05) * s
                try image.drawCircle(center: centre, radius: r, color: Color(UInt8(try g.uniform(120...200)), 60, UInt8(try g.uniform(120...200))), thickness: -1)
                try image.drawCircle(center: centre, radius: r * 0.4, color: Color(60, 20, 100), thickness: -1)
            }
        case .blank:
            image = try Bitmap(width: size, height: size, channels: 3, value: UInt8(try g.uniform(0...255)))
        }
        // Sensor noise, so that no kind is recognisable by being perfectly flat.
        let amplitude = try g.uniform(0...6)
        let noise = try g.uniforms(image.pixels.count)
        for i in image.pixels.indices {
            image.pixels[i] = UInt8(max(0, min(255, Double(image.pixels[i]) + (noise[i] * 2 - 1) * amplitude)))
        }
        return image
    }
}
