import FundusImaging

/// The picture a doctor checks a report against: the photograph with the
/// vessel map (white), the ridge (red), the disc box, disc centre, fovea, zone I
/// and posterior zone II, and the quality verdict.
public enum ReportOverlay {
    public static func draw(_ result: AnalysisPipeline.Result, on photo: Bitmap) throws -> Bitmap {
        var picture = try photo.rgb()
        let size = picture.size
        if let mask = result.vesselMask {
            try picture.blend(Bitmap(width: size.width, height: size.height, channels: 3, value: 255), mask: mask, alpha: 0.45)
        }
        if let ridge = result.ridgeMap, let threshold = result.report.ridge?.threshold {
            var red = try Bitmap(width: size.width, height: size.height, channels: 3, value: 0)
            for i in 0 ..< size.width * size.height { red.pixels[3 * i] = 255 }
            try picture.blend(red, mask: ridge.mask(threshold: threshold), alpha: 0.6)
        }
        let report = result.report
        if let landmarks = report.landmarks, let laterality = report.laterality {
            let analysis = LandmarkAnalysis(landmarks: landmarks, laterality: laterality, zone: report.zone)
            picture = try analysis.overlay(on: picture)
        }
        if let quality = report.quality {
            let unit = Double(max(size.width, size.height)) / 600
            let text = "quality: \(quality.verdict) (\(String(format: "%.2f", quality.score)))"
                + (quality.reasons.isEmpty ? "" : " " + quality.reasons.map(\.code).joined(separator: ","))
            try picture.drawText(text, at: Point(x: 10 * unit, y: Double(size.height) - 12 * unit), scale: 0.5 * unit,
                                 color: quality.isGradable ? .green : .yellow, thickness: max(1, Int(unit.rounded())))
        }
        return picture
    }
}
