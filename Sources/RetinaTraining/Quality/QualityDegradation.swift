import Foundation
import FundusImaging
import Torch

/// Turns a gradable photograph into an ungradable one the way a screening
/// session does: defocus, too little or too much light, haze, an eyelid or
/// lashes over the retina, the retina half out of frame, uneven illumination.
/// Every degradation is strong enough that a grader would ask for a retake.
public enum QualityDegradation: String, CaseIterable, Sendable {
    case blur, underexposure, overexposure, haze, occlusion, offCentre, unevenIllumination

    /// One degradation (70%) or two (30%), drawn from `generator`.
    public static func random(_ image: Bitmap, generator: RandomGenerator) throws -> Bitmap {
        var result = image
        let count = try generator.chance(0.3) ? 2 : 1
        var used: Set<QualityDegradation> = []
        while used.count < count {
            let pick = try generator.element(of: allCases)
            if used.insert(pick).inserted { result = try pick.apply(to: result, generator: generator) }
        }
        return result
    }

    public func apply(to image: Bitmap, generator: RandomGenerator) throws -> Bitmap {
        let size = Double(max(image.width, image.height))
        switch self {
        case .blur:
            return try image.gaussianBlurred(sigma: size * (try generator.uniform(0.008...0.02)))
        case .underexposure:
            let gain = try generator.uniform(0.1...0.3)
            return try image.mapPixels { Double($0) * gain }
        case .overexposure:
            let gain = try generator.uniform(2.2...3.5)
            let lift = try generator.uniform(20...70)
            return try image.mapPixels { Double($0) * gain + lift }
        case .haze:
            let alpha = try generator.uniform(0.5...0.75)
            let veil = try generator.uniform(170...235)
            return try image.gaussianBlurred(sigma: size * 0.004).mapPixels { Double($0) * (1 - alpha) + veil * alpha }
        case .occlusion:
            // A dark band entering from one edge (eyelid, lashes, the examiner's finger).
            var out = image
            let angle = try generator.uniform(0...(2 * Double.pi))
            let depth = try generator.uniform(0.35...0.6)
            let (cx, cy) = (Double(image.width) / 2, Double(image.height) / 2)
            let (dx, dy) = (cos(angle), sin(angle))
            let reach = (Double(image.width) * abs(dx) + Double(image.height) * abs(dy)) / 2
            let shade = try generator.uniform(0.05...0.3)
            for y in 0 ..< image.height {
                for x in 0 ..< image.width {
                    let along = (Double(x) - cx) * dx + (Double(y) - cy) * dy
                    guard along > reach * (1 - 2 * depth) else { continue }
                    for c in 0 ..< image.channels { out[x, y, c] = UInt8(Double(out[x, y, c]) * shade) }
                }
            }
            return out
        case .offCentre:
            let angle = try generator.uniform(0...(2 * Double.pi))
            let shift = try generator.uniform(0.35...0.55)
            let translation = AffineTransform.translation(cos(angle) * shift * Double(image.width), sin(angle) * shift * Double(image.height))
            return try image.warped(by: translation, to: image.size)
        case .unevenIllumination:
            let angle = try generator.uniform(0...(2 * Double.pi))
            let (dx, dy) = (cos(angle), sin(angle))
            var out = image
            for y in 0 ..< image.height {
                for x in 0 ..< image.width {
                    let t = ((Double(x) / Double(image.width) - 0.5) * dx + (Double(y) / Double(image.height) - 0.5) * dy) + 0.5
                    let gain = 0.08 + 1.4 * max(0, min(1, t)) * max(0, min(1, t))
                    for c in 0 ..< image.channels { out[x, y, c] = UInt8(max(0, min(255, Double(out[x, y, c]) * gain))) }
                }
            }
            return out
        }
    }
}

extension Bitmap {
    /// Every pixel value through `transform`, clamped to 0…255.
    func mapPixels(_ transform: (UInt8) -> Double) throws -> Bitmap {
        try Bitmap(width: width, height: height, channels: channels,
                   pixels: pixels.map { UInt8(max(0, min(255, transform($0).rounded()))) })
    }
}
