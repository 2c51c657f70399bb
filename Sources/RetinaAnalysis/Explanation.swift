import Foundation
import FundusImaging

/// A heat map in a report (Grad-CAM, or a classifier's own evidence map): which
/// model and class it explains, how it was made, where its peak is.
public struct Explanation: Codable, Sendable, Equatable {
    public var model: String
    public var label: String
    /// Nil in reports stored before evidence maps existed (all Grad-CAM).
    public var method: ClassActivationMap.Method?
    public var probability: Double
    /// The strongest evidence, in the photograph's pixels.
    public var peak: Point
    /// The map (grey, 0…255), PNG, base64, at the photograph's size.
    public var heatmapPNG: String?

    /// A map as a report carries it, with its PNG when the report carries images.
    public init(_ map: ClassActivationMap, includeImage: Bool) {
        model = map.model
        label = map.label
        method = map.method
        probability = map.probability
        peak = map.peak
        heatmapPNG = includeImage ? (try? map.map.pngData()).map { Data($0).base64EncodedString() } : nil
    }
}
