import Foundation

/// The circular field of view of a fundus photograph: the bright disc of the
/// retina against the dark border of the camera.
public struct FieldOfView: Sendable {
    /// 0/255 mask at the image's size.
    public let mask: Bitmap
    /// Bounding box of the mask in image pixels.
    public let boundingBox: Rect
    /// Share of the image's pixels inside the field of view.
    public let coverage: Double

    public var center: Point { boundingBox.center }
    /// Radius of the circle that spans the box's larger side.
    public var radius: Double { max(boundingBox.width, boundingBox.height) / 2 }

    /// Detects the field of view. The red channel carries the retina's light
    /// even in dark photographs, and the camera border is near black; the
    /// threshold sits just above the border's level, measured on the image's
    /// outermost rows and columns. Work is done at most `workingWidth` wide.
    public static func detect(in image: Bitmap, workingWidth: Int = 640) throws -> FieldOfView {
        let scale = min(1, Double(workingWidth) / Double(image.width))
        let small = scale < 1
            ? try image.resized(to: Size(width: max(Int(Double(image.width) * scale), 1), height: max(Int(Double(image.height) * scale), 1)), interpolation: .area)
            : image
        let red = try small.channel(0).medianBlurred(kernel: 5)
        let threshold = Self.threshold(for: red)
        let kernel = max(3, Int(Double(min(small.width, small.height)) * 0.02) | 1)
        var mask = try red.thresholded(threshold).mask
            .morphology(.open, kernel: kernel)
            .largestComponent()
        if mask.size != image.size {
            mask = try mask.resized(to: image.size, interpolation: .linear).thresholded(127).mask
        }
        return try FieldOfView(mask: mask)
    }

    /// Wraps an existing 0/255 mask (e.g. one shipped with a data set).
    public init(mask: Bitmap) throws {
        guard mask.channels == 1 else { throw VisionError("a field-of-view mask has one channel") }
        var (minX, minY, maxX, maxY, count) = (mask.width, mask.height, -1, -1, 0)
        for y in 0 ..< mask.height {
            let row = y * mask.width
            for x in 0 ..< mask.width where mask.pixels[row + x] > 127 {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
                count += 1
            }
        }
        self.mask = mask
        coverage = Double(count) / Double(mask.width * mask.height)
        boundingBox = count == 0
            ? Rect(x: 0, y: 0, width: 0, height: 0)
            : Rect(x: Double(minX), y: Double(minY), width: Double(maxX - minX + 1), height: Double(maxY - minY + 1))
    }

    /// Border level + a margin: the border of a fundus photograph is black up to
    /// noise and JPEG ringing, the retina's red channel is well above it.
    static func threshold(for red: Bitmap) -> Double {
        var border: [UInt8] = []
        let band = max(2, min(red.width, red.height) / 100)
        for y in 0 ..< red.height {
            for x in 0 ..< red.width where x < band || y < band || x >= red.width - band || y >= red.height - band {
                border.append(red.pixels[y * red.width + x])
            }
        }
        border.sort()
        let level = Double(border[border.count / 2])
        let top = Double(red.pixels.max() ?? 255)
        return level + max(8, 0.1 * (top - level))
    }

    /// Intersection over union with another mask of the same size.
    public func intersectionOverUnion(with other: Bitmap) -> Double {
        var (inter, union) = (0, 0)
        for i in 0 ..< min(mask.pixels.count, other.pixels.count) {
            let a = mask.pixels[i] > 127, b = other.pixels[i] > 127
            if a && b { inter += 1 }
            if a || b { union += 1 }
        }
        return union == 0 ? 1 : Double(inter) / Double(union)
    }

    /// The square around the field of view (side = its larger extent + `margin`),
    /// centred on it; parts outside the image are padded black by the crop.
    public func squareCrop(margin: Double = 0.02) -> SpatialTransform {
        let side = max(boundingBox.width, boundingBox.height) * (1 + margin)
        let c = center
        return .crop(Rect(x: (c.x - side / 2).rounded(), y: (c.y - side / 2).rounded(), width: side.rounded(), height: side.rounded()))
    }
}
