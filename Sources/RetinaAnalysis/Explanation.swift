import FundusImaging

/// A Grad-CAM map in a report: which model and class it explains, where its peak is.
public struct Explanation: Codable, Sendable, Equatable {
    public var model: String
    public var label: String
    public var probability: Double
    /// The strongest evidence, in the photograph's pixels.
    public var peak: Point
    /// The map (grey, 0…255), PNG, base64, at the photograph's size.
    public var heatmapPNG: String?
}
