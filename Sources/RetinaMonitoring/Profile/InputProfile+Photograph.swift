import Foundation
import FundusImaging
import RetinaAnalysis

extension InputProfile {
    /// Width of the copy the colour statistics are measured on: a few thousand pixels give a
    /// mean and a standard deviation as well as a million do, in a fraction of a millisecond.
    static let colourWorkingWidth = 96

    /// The profile of an analysed photograph: its size, colour and field of view measured here,
    /// brightness, contrast and sharpness from the report's quality measures (measured here
    /// when quality was not analysed), the camera, the models' outputs, the site and the quality
    /// model's embedding. Holds no pixels and nothing that names a patient.
    public init(report: Report, photograph: FundusImage, fieldOfView: FieldOfView, site: String?, embedding: [Double]?) throws {
        try self.init(photograph: photograph, fieldOfView: fieldOfView, camera: report.camera, measures: report.quality?.measures)
        if let quality = report.quality {
            self[.qualityScore] = quality.score
            self[.qualityVerdict] = quality.verdict
        }
        if let rop = report.rop {
            self[.ropProbability] = rop.probability
            self[.ropFinding] = rop.finding
        }
        self[.site] = site
        self.embedding = embedding
    }

    /// The profile of a photograph without running any model: what a reference built from a
    /// manifest, or a test, can compute cheaply. `measures` are measured when nil.
    public init(photograph: FundusImage, fieldOfView: FieldOfView, camera: CameraIdentification?,
                measures: ImageQualityMeasures? = nil) throws {
        self.init()
        let image = photograph.image
        let measures = try measures ?? ImageQualityMeasures.measure(image, fieldOfView: fieldOfView)
        self[.width] = Double(photograph.originalSize.width)
        self[.height] = Double(photograph.originalSize.height)
        self[.brightness] = measures.brightness
        self[.contrast] = measures.contrast
        self[.sharpness] = measures.sharpness
        self[.fieldOfViewFraction] = fieldOfView.coverage
        self[.fieldOfViewOffsetX] = (fieldOfView.center.x - Double(image.width) / 2) / Double(image.width)
        self[.fieldOfViewOffsetY] = (fieldOfView.center.y - Double(image.height) / 2) / Double(image.height)
        let colour = try Self.colourStatistics(image, fieldOfView: fieldOfView)
        for (channel, (mean, deviation)) in [(NumericFeature.redMean, NumericFeature.redStandardDeviation),
                                             (.greenMean, .greenStandardDeviation), (.blueMean, .blueStandardDeviation)].enumerated() {
            self[mean] = colour.means[channel]
            self[deviation] = colour.deviations[channel]
        }
        if let camera {
            self[.cameraFamily] = camera.family
            self[.exifMake] = camera.make
            self[.exifModel] = camera.model
        }
    }

    /// The profile of a decoded photograph by measurement alone: its field of view detected,
    /// its camera identified from its EXIF tags and frame, no model run.
    public init(measuring photograph: FundusImage) throws {
        let fieldOfView = try FieldOfView.detect(in: photograph.image)
        let camera = CameraIdentification.identify(size: photograph.originalSize, fieldOfView: fieldOfView, exif: photograph.cameraTags)
        try self.init(photograph: photograph, fieldOfView: fieldOfView, camera: camera)
    }

    /// Mean and standard deviation of each RGB channel (0…1) inside the field of view, on a
    /// small copy; the whole frame when the field of view is empty.
    static func colourStatistics(_ image: Bitmap, fieldOfView: FieldOfView) throws -> (means: [Double], deviations: [Double]) {
        let width = min(colourWorkingWidth, image.width)
        let size = Size(width: width, height: max(1, Int((Double(image.height) * Double(width) / Double(image.width)).rounded())))
        let rgb = try image.rgb().resized(to: size, interpolation: .area)
        let mask = try fieldOfView.mask.resized(to: size, interpolation: .nearest)
        let whole = !mask.pixels.contains { $0 > 127 }
        var sums = [0.0, 0.0, 0.0], squares = [0.0, 0.0, 0.0], count = 0.0
        for index in 0 ..< size.width * size.height where whole || mask.pixels[index] > 127 {
            count += 1
            for channel in 0 ..< 3 {
                let value = Double(rgb.pixels[index * 3 + channel]) / 255
                sums[channel] += value
                squares[channel] += value * value
            }
        }
        let means = sums.map { $0 / max(count, 1) }
        let deviations = (0 ..< 3).map { (max(0, squares[$0] / max(count, 1) - means[$0] * means[$0])).squareRoot() }
        return (means, deviations)
    }
}
