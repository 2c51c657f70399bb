import Foundation
import FundusImaging

public enum Split: String, Sendable, CaseIterable { case train, validation, test }
public enum QualityLabel: String, Sendable, CaseIterable { case good, bad, outlier }

/// A lesion box of the `lesions` column: class and top-left corner plus size, in image pixels.
public struct LesionBox: Sendable, Equatable {
    public let kind: String
    public let box: Rect

    public init(kind: String, box: Rect) { (self.kind, self.box) = (kind, box) }
}

/// One validated manifest row; nil means the cell was empty (unknown).
public struct ManifestRow: Sendable {
    /// Line of the row in the manifest file (the header is line 1).
    public let line: Int
    public let image: URL
    public let split: Split?
    public let eye: Eye?
    public let quality: QualityLabel?
    public let diagnosis: String?
    /// Optic-disc bounding box (centre `od_x`, `od_y`; size `od_w`, `od_h`).
    public let opticDisc: Rect?
    /// Optic-disc centre, known even where the box size is not.
    public let opticDiscCenter: Point?
    public let fovea: Point?
    public let vesselMask: URL?
    public let fieldOfViewMask: URL?
    public let extraMask: URL?
    public let lesions: [LesionBox]
}
