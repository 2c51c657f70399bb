import Foundation

/// The names of the categorical features of a photograph's profile.
public enum CategoricalFeature: String, CaseIterable, Sendable, Codable {
    case cameraFamily = "camera_family"
    case exifMake = "exif_make"
    case exifModel = "exif_model"
    /// The site or API client that sent the photograph: a grouping key more than a feature,
    /// since training data has none.
    case site
    /// The quality model's verdict (`good`, `bad`): the distribution of a predicted class.
    case qualityVerdict = "quality_verdict"
    /// The ROP finding (`rop`, `no_rop`).
    case ropFinding = "rop_finding"
}
