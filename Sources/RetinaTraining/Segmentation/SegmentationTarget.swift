import Foundation
import FundusImaging
import RetinaData

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

    /// The mask as the model learns and is measured on it. HVDROPDB-full draws the
    /// ridge as a one-pixel polyline, which vanishes when a photograph is scaled
    /// to the model's input (a first run on the line itself learnt to mark
    /// nothing: validation F1 0.05); the ridge is a band, so it is learnt as the
    /// line dilated to 1.5 % of the frame's longer side. Vessel masks stay as drawn.
    public func labelled(_ mask: Bitmap) throws -> Bitmap {
        switch self {
        case .vessels: return mask
        case .ridge:
            let width = max(3, Int((0.015 * Double(max(mask.width, mask.height))).rounded()) | 1)
            return try mask.morphology(.dilate, kernel: width)
        }
    }

    /// The card's labels.
    public var labels: [String] { ["background", rawValue] }
}
