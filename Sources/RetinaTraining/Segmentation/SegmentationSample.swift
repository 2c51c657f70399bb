import Foundation
import FundusImaging

/// A photograph with its segmentation mask and field of view, decoded once.
public struct SegmentationSample: Sendable {
    public let source: String
    public let image: Bitmap
    /// The annotated structure (vessels, ridge): 255 inside, 0 outside.
    public let mask: Bitmap
    public let fieldOfView: Bitmap

    /// Decodes a manifest row's image, its `target` mask and FOV mask (detected when the row has none).
    public init(row: ManifestRow, dataset: String, target: SegmentationTarget) throws {
        source = "\(dataset)/\(row.image.lastPathComponent)"
        image = try Bitmap.decode([UInt8](Data(contentsOf: row.image)))
        guard let maskURL = target.mask(of: row) else {
            throw ManifestError(file: dataset, line: row.line, message: "the row has no \(target.rawValue) mask")
        }
        mask = try Bitmap.decode([UInt8](Data(contentsOf: maskURL)), channels: 1)
        fieldOfView = try row.fieldOfViewMask.map { try Bitmap.decode([UInt8](Data(contentsOf: $0)), channels: 1) }
            ?? FieldOfView.detect(in: image).mask
        guard mask.size == image.size, fieldOfView.size == image.size else {
            throw ManifestError(file: dataset, line: row.line, message: "masks of \(mask.size)/\(fieldOfView.size) do not match the image \(image.size)")
        }
    }
}
