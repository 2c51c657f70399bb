import Foundation

/// Measured properties of a photograph that decide whether it can be graded,
/// each one something a photographer can change at the next shot. Measured
/// inside the field of view (eroded, so that its rim does not count), on a copy
/// scaled to a fixed width so that values compare across cameras.
public struct ImageQualityMeasures: Codable, Sendable, Equatable {
    /// Variance of the Laplacian of the green channel (focus and motion blur).
    public var sharpness: Double
    /// Mean luminance, 0…1.
    public var brightness: Double
    /// Standard deviation of the luminance, 0…1 (haze, media opacity).
    public var contrast: Double
    /// Share of pixels darker than 6% (under-exposed).
    public var darkShare: Double
    /// Share of pixels brighter than 96% (over-exposed, glare).
    public var brightShare: Double
    /// Share of the frame covered by the field of view.
    public var fieldOfViewCoverage: Double
    /// Distance from the field of view's centre to the frame's, over half the frame's diagonal.
    public var fieldOfViewOffset: Double
    /// Share of pixels on a thin dark line (black top-hat of the green channel):
    /// how much of the vessel tree can be seen.
    public var vesselVisibility: Double

    public static let workingWidth = 512

    /// The property names, in a fixed order (for reference ranges and reports).
    public static let names = ["sharpness", "brightness", "contrast", "darkShare", "brightShare",
                               "fieldOfViewCoverage", "fieldOfViewOffset", "vesselVisibility"]

    public init(sharpness: Double, brightness: Double, contrast: Double, darkShare: Double, brightShare: Double,
                fieldOfViewCoverage: Double, fieldOfViewOffset: Double, vesselVisibility: Double) {
        self.sharpness = sharpness
        self.brightness = brightness
        self.contrast = contrast
        self.darkShare = darkShare
        self.brightShare = brightShare
        self.fieldOfViewCoverage = fieldOfViewCoverage
        self.fieldOfViewOffset = fieldOfViewOffset
        self.vesselVisibility = vesselVisibility
    }

    /// The value of the property called `name` (one of `names`).
    public subscript(name: String) -> Double? {
        switch name {
        case "sharpness": sharpness
        case "brightness": brightness
        case "contrast": contrast
        case "darkShare": darkShare
        case "brightShare": brightShare
        case "fieldOfViewCoverage": fieldOfViewCoverage
        case "fieldOfViewOffset": fieldOfViewOffset
        case "vesselVisibility": vesselVisibility
        default: nil
        }
    }

    /// Measures `image` inside `fieldOfView` (detected when nil).
    public static func measure(_ image: Bitmap, fieldOfView: FieldOfView? = nil) throws -> ImageQualityMeasures {
        let fov = try fieldOfView ?? FieldOfView.detect(in: image)
        let scale = Double(workingWidth) / Double(image.width)
        let size = Size(width: workingWidth, height: max(8, Int((Double(image.height) * scale).rounded())))
        let rgb = try image.rgb().resized(to: size, interpolation: .area)
        var region = try fov.mask.resized(to: size, interpolation: .nearest).morphology(.erode, kernel: 15)
        if !region.pixels.contains(where: { $0 > 127 }) {
            // No usable field of view (not a fundus, or black): measure the whole frame.
            region = try Bitmap(width: size.width, height: size.height, channels: 1, value: 255)
        }
        let green = try rgb.channel(1)
        let closed = try green.morphology(.close, kernel: 11)
        let (w, h) = (size.width, size.height)
        var count = 0.0, sum = 0.0, sumSquares = 0.0, dark = 0.0, bright = 0.0, vessels = 0.0
        var laplacianSum = 0.0, laplacianSquares = 0.0, laplacianCount = 0.0
        for y in 0 ..< h {
            for x in 0 ..< w where region.pixels[y * w + x] > 127 {
                let i = (y * w + x) * 3
                let luminance = (0.299 * Double(rgb.pixels[i]) + 0.587 * Double(rgb.pixels[i + 1]) + 0.114 * Double(rgb.pixels[i + 2])) / 255
                count += 1
                sum += luminance
                sumSquares += luminance * luminance
                if luminance < 0.06 { dark += 1 }
                if luminance > 0.96 { bright += 1 }
                if Int(closed.pixels[y * w + x]) - Int(green.pixels[y * w + x]) > 6 { vessels += 1 }
                if x > 0, y > 0, x < w - 1, y < h - 1 {
                    let c = 4 * Int(green.pixels[y * w + x])
                    let l = c - Int(green.pixels[y * w + x - 1]) - Int(green.pixels[y * w + x + 1])
                        - Int(green.pixels[(y - 1) * w + x]) - Int(green.pixels[(y + 1) * w + x])
                    laplacianSum += Double(l)
                    laplacianSquares += Double(l * l)
                    laplacianCount += 1
                }
            }
        }
        let n = max(count, 1)
        let mean = sum / n
        let laplacianMean = laplacianSum / max(laplacianCount, 1)
        let centre = fov.coverage > 0.05 ? fov.center : Point(x: Double(image.width) / 2, y: Double(image.height) / 2)
        let halfDiagonal = hypot(Double(image.width), Double(image.height)) / 2
        return ImageQualityMeasures(
            sharpness: laplacianSquares / max(laplacianCount, 1) - laplacianMean * laplacianMean,
            brightness: mean,
            contrast: (max(0, sumSquares / n - mean * mean)).squareRoot(),
            darkShare: dark / n,
            brightShare: bright / n,
            fieldOfViewCoverage: fov.coverage,
            fieldOfViewOffset: hypot(centre.x - Double(image.width) / 2, centre.y - Double(image.height) / 2) / halfDiagonal,
            vesselVisibility: vessels / n)
    }
}
