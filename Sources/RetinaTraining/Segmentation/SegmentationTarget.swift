import Foundation

/// What a segmentation model learns to find, and which manifest column holds its masks.
public enum SegmentationTarget: String, Sendable, CaseIterable {
    /// Retinal vessels (`vessel_mask`).
    case vessels
    /// The ROP demarcation line or ridge (`extra_mask`, HVDROPDB).
    case ridge

    /// The row's mask for this target, if it has one.
    public func mask(of row: ManifestRow) -> URL? {
        switch self {
        case .vessels: row.vesselMask
        case .ridge: row.extraMask
        }
    }

    /// The card's labels.
    public var labels: [String] { ["background", rawValue] }
}
