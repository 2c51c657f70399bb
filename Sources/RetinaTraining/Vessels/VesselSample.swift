import Foundation
import FundusImaging

/// A photograph with its vessel annotation and field of view, decoded once.
public struct VesselSample: Sendable {
    public let source: String
    public let image: Bitmap
    public let vessels: Bitmap
    public let fieldOfView: Bitmap

    /// Decodes a manifest row's image, vessel mask and FOV mask (detected when the row has none).
    public init(row: ManifestRow, dataset: String) throws {
        source = "\(dataset)/\(row.image.lastPathComponent)"
        image = try Bitmap.decode([UInt8](Data(contentsOf: row.image)))
        guard let vesselURL = row.vesselMask else {
            throw ManifestError(file: dataset, line: row.line, message: "the row has no vessel_mask")
        }
        vessels = try Bitmap.decode([UInt8](Data(contentsOf: vesselURL)), channels: 1)
        fieldOfView = try row.fieldOfViewMask.map { try Bitmap.decode([UInt8](Data(contentsOf: $0)), channels: 1) }
            ?? FieldOfView.detect(in: image).mask
        guard vessels.size == image.size, fieldOfView.size == image.size else {
            throw ManifestError(file: dataset, line: row.line, message: "masks of \(vessels.size)/\(fieldOfView.size) do not match the image \(image.size)")
        }
    }
}
