import Foundation
import FundusImaging

/// The rows of a manifest split as training samples, decoded on demand (so a
/// loader thread does the decoding): the photograph, its masks (`vessels`,
/// `fov`, `extra`), keypoints (`disc`, `fovea`), eye, and a class index from
/// `diagnosis` through `classes` (rows whose diagnosis is not mapped are left out).
public struct ManifestDataset: Sendable {
    public let rows: [ManifestRow]
    public let classes: [String: Int]?
    public let limits: DecodingLimits

    public init(_ manifest: Manifest, split: Split?, classes: [String: Int]? = nil, limits: DecodingLimits = DecodingLimits()) {
        let rows = split.map { manifest.rows(in: $0) } ?? manifest.rows
        self.rows = classes.map { map in rows.filter { $0.diagnosis.map { map[$0] != nil } ?? false } } ?? rows
        self.classes = classes
        self.limits = limits
    }

    public var count: Int { rows.count }

    public func sample(at index: Int) throws -> TrainingSample {
        let row = rows[index]
        func decode(_ url: URL, channels: Int) throws -> Bitmap {
            try Bitmap.decode([UInt8](Data(contentsOf: url)), channels: channels, limits: limits)
        }
        var image = try FundusImage(decode(row.image, channels: 3))
        for (name, url) in [("vessels", row.vesselMask), ("fov", row.fieldOfViewMask), ("extra", row.extraMask)] {
            guard let url else { continue }
            let mask = try decode(url, channels: 1)
            guard mask.size == image.size else {
                throw ManifestError(file: row.image.path, line: row.line, message: "\(name) mask is \(mask.size), the image \(image.size)")
            }
            image = try image.settingMask(name, mask)
        }
        image = image.settingKeypoint("disc", row.opticDiscCenter).settingKeypoint("fovea", row.fovea)
        return TrainingSample(image: image, eye: row.eye, classIndex: row.diagnosis.flatMap { classes?[$0] })
    }
}
