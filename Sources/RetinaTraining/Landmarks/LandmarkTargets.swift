import Foundation
import FundusImaging
import Torch

/// Training targets of the landmark network for one prepared sample: Gaussian
/// heat maps for the disc and fovea, the disc box size at the disc centre, and
/// masks saying which targets this sample has.
struct LandmarkTargets {
    /// (4, H, W): disc heat map, fovea heat map, disc width, disc height (fractions of the side).
    var values: [Float]
    /// (4, H, W): 1 where the corresponding target counts.
    var weights: [Float]

    init(_ image: FundusImage, sigma: Double) {
        let (w, h) = (image.size.width, image.size.height)
        let plane = w * h
        values = [Float](repeating: 0, count: 4 * plane)
        weights = [Float](repeating: 0, count: 4 * plane)
        let side = Double(max(w, h))
        for (channel, name) in [(0, "disc"), (1, "fovea")] {
            guard let p = image.keypoints[name] else { continue }
            for i in 0 ..< plane { weights[channel * plane + i] = 1 }
            let r = Int((3 * sigma).rounded(.up))
            // A point pushed outside the picture by a warp has only its tail inside, or nothing.
            for y in Self.span(Int(p.y) - r, Int(p.y) + r + 1, limit: h) {
                for x in Self.span(Int(p.x) - r, Int(p.x) + r + 1, limit: w) {
                    let d2 = (Double(x) - p.x) * (Double(x) - p.x) + (Double(y) - p.y) * (Double(y) - p.y)
                    values[channel * plane + y * w + x] = Float(Foundation.exp(-d2 / (2 * sigma * sigma)))
                }
            }
        }
        // The box size is read at the disc's peak: supervise it on the pixels around the centre.
        if let c = image.keypoints["disc"], let right = image.keypoints["disc.right"], let bottom = image.keypoints["disc.bottom"] {
            let (bw, bh) = (2 * c.distance(to: right) / side, 2 * c.distance(to: bottom) / side)
            for y in Self.span(Int(c.y.rounded()) - 2, Int(c.y.rounded()) + 2, limit: h) {
                for x in Self.span(Int(c.x.rounded()) - 2, Int(c.x.rounded()) + 2, limit: w) {
                    values[2 * plane + y * w + x] = Float(bw)
                    values[3 * plane + y * w + x] = Float(bh)
                    weights[2 * plane + y * w + x] = 1
                    weights[3 * plane + y * w + x] = 1
                }
            }
        }
    }

    /// `low...high` clipped to `0..<limit` (empty when they do not meet).
    static func span(_ low: Int, _ high: Int, limit: Int) -> Range<Int> {
        let (a, b) = (max(low, 0), min(high + 1, limit))
        return a < b ? a ..< b : 0 ..< 0
    }
}
