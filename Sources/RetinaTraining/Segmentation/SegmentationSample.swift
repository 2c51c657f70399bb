import Foundation
import FundusImaging
import RetinaData

/// A photograph with its segmentation mask and field of view, decoded once.
public struct SegmentationSample: Sendable {
    public let source: String
    public let image: Bitmap
    /// The annotated structure (vessels, ridge): 255 inside, 0 outside.
    public let mask: Bitmap
    public let fieldOfView: Bitmap

    /// Decodes a manifest row's image, its `target` mask (empty where the target
    /// knows the structure is absent) and FOV mask (detected when the row has none).
    public init(row: ManifestRow, dataset: String, target: SegmentationTarget) throws {
        source = "\(dataset)/\(row.image.lastPathComponent)"
        image = try Bitmap.decode([UInt8](Data(contentsOf: row.image)))
        if let maskURL = target.mask(of: row) {
            mask = try target.labelled(Bitmap.decode([UInt8](Data(contentsOf: maskURL)), channels: 1))
        } else if target.isAbsent(in: row) {
            mask = try Bitmap(width: image.width, height: image.height, channels: 1)
        } else {
            throw ManifestError(file: dataset, line: row.line, message: "the row has no \(target.rawValue) mask")
        }
        fieldOfView = try row.fieldOfViewMask.map { try Bitmap.decode([UInt8](Data(contentsOf: $0)), channels: 1) }
            ?? FieldOfView.detect(in: image).mask
        guard mask.size == image.size, fieldOfView.size == image.size else {
            throw ManifestError(file: dataset, line: row.line, message: "masks of \(mask.size)/\(fieldOfView.size) do not match the image \(image.size)")
        }
    }
}
