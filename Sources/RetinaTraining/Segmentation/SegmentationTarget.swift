import Foundation

/// What a segmentation model learns to find, and which manifest column holds its masks.
public enum SegmentationTarget: String, Sendable, CaseIterable {
    /// Retinal vessels (`vessel_mask`).
    case vessels
    /// The ROP demarcation line or ridge (`extra_mask`, HVDROPDB-full).
    case ridge

    /// The row's mask for this target, if it has one.
    public func mask(of row: ManifestRow) -> URL? {
        switch self {
        case .vessels: row.vesselMask
        case .ridge: row.extraMask
        }
    }

    /// Whether the row is known to show none of the structure although it has no
    /// mask: an infant eye diagnosed `normal` (no ROP) has no demarcation ridge.
    /// Such rows are learnt and measured as empty masks, so that the model also
    /// learns where a ridge is not.
    public func isAbsent(in row: ManifestRow) -> Bool {
        switch self {
        case .vessels: false
        case .ridge: mask(of: row) == nil && row.diagnosis == "normal"
        }
    }

    /// Whether the row can be learnt or measured: it has a mask, or the structure is known to be absent.
    public func isLabelled(_ row: ManifestRow) -> Bool { mask(of: row) != nil || isAbsent(in: row) }

    /// The card's labels.
    public var labels: [String] { ["background", rawValue] }
}
