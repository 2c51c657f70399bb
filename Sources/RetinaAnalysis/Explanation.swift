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
}
