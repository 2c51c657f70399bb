import Foundation

/// The names of the numeric features every analysed photograph is profiled by. Profiles
/// are keyed by plain strings so a model's outputs (its confidence, say) can be watched too;
/// these are the names the analysis path writes.
public enum NumericFeature: String, CaseIterable, Sendable, Codable {
    case width
    case height
    case brightness
    case contrast
    case sharpness
    case redMean = "red_mean"
    case greenMean = "green_mean"
    case blueMean = "blue_mean"
    case redStandardDeviation = "red_std"
    case greenStandardDeviation = "green_std"
    case blueStandardDeviation = "blue_std"
    case fieldOfViewFraction = "fov_fraction"
    /// Horizontal offset of the field-of-view centre from the image centre, over the width.
    case fieldOfViewOffsetX = "fov_offset_x"
    /// Vertical offset of the field-of-view centre from the image centre, over the height.
    case fieldOfViewOffsetY = "fov_offset_y"
    case qualityScore = "quality_score"
    /// The ROP model's probability of ROP (its confidence, watched like any input).
    case ropProbability = "rop_probability"
}
