import Foundation
import FundusImaging
import Torch

/// Where a classifier saw the evidence for one class, over the photograph as
/// it was sent: 0 (none) to 255 (the strongest evidence).
public struct ClassActivationMap: Sendable {
    /// How the map was made.
    public enum Method: String, Codable, Sendable {
        /// From the gradients of the class score (`GradCAM`), scaled to its own peak.
        case gradCAM = "grad-cam"
        /// The classifier's own evidence map (`EvidenceMap`), trained against lesion boxes: 255 is probability 1.
        case evidenceMap = "evidence-map"
    }

    public let model: String
    public let label: String
    public let probability: Double
    public let method: Method
    /// One channel, the size of the photograph.
    public let map: Bitmap

    public init(model: String, label: String, probability: Double, method: Method, map: Bitmap) {
        self.model = model
        self.label = label
        self.probability = probability
        self.method = method
        self.map = map
    }

    /// A map of the classifier's input, `values` (1, 1, H, W) in 0…1, carried back to the
    /// photograph's pixels through the crop and letterbox that made `prepared`.
    public init(model: String, label: String, probability: Double, method: Method, inputValues values: Tensor,
                prepared: FundusImage) throws {
        let pixels = try values.contiguous().toArray(of: Float.self).map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
        let inputMap = try Bitmap(width: values.shape[3], height: values.shape[2], channels: 1, pixels: pixels)
        self.init(model: model, label: label, probability: probability, method: method,
                  map: try inputMap.warped(by: prepared.transformToOriginal, to: prepared.originalSize))
    }

    /// The pixel with the strongest evidence.
    public var peak: Point {
        let index = map.pixels.indices.max { map.pixels[$0] < map.pixels[$1] } ?? 0
        return Point(x: Double(index % map.width), y: Double(index / map.width))
    }

    /// The photograph with the map laid over it in a blue–yellow–red scale,
    /// where the evidence is at least a fifth of its peak.
    public func overlay(on photo: Bitmap) throws -> Bitmap {
        var colours = [UInt8](repeating: 0, count: map.width * map.height * 3)
        var shown = [UInt8](repeating: 0, count: map.width * map.height)
        for i in map.pixels.indices {
            let t = Double(map.pixels[i]) / 255
            let (r, g, b) = t < 0.5 ? (2 * t, 2 * t, 1 - 2 * t) : (1.0, 2 - 2 * t, 0.0)
            colours[3 * i] = UInt8(r * 255)
            colours[3 * i + 1] = UInt8(g * 255)
            colours[3 * i + 2] = UInt8(b * 255)
            shown[i] = map.pixels[i] >= 51 ? 255 : 0
        }
        var picture = try photo.rgb()
        try picture.blend(Bitmap(width: map.width, height: map.height, channels: 3, pixels: colours),
                          mask: Bitmap(width: map.width, height: map.height, channels: 1, pixels: shown), alpha: 0.45)
        return picture
    }
}
