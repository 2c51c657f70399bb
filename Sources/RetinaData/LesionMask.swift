import FundusImaging

/// The lesion boxes of a manifest row drawn as a binary mask (255 inside any box),
/// so that they follow the photograph through cropping, letterboxing and augmentation
/// like any other mask. Boxes reaching past the border are clipped.
public enum LesionMask {
    public static let maskName = "lesions"

    public static func render(_ lesions: [LesionBox], size: Size) throws -> Bitmap {
        var pixels = [UInt8](repeating: 0, count: size.width * size.height)
        for lesion in lesions {
            let x0 = max(Int(lesion.box.x.rounded(.down)), 0), x1 = min(Int((lesion.box.x + lesion.box.width).rounded(.up)), size.width)
            let y0 = max(Int(lesion.box.y.rounded(.down)), 0), y1 = min(Int((lesion.box.y + lesion.box.height).rounded(.up)), size.height)
            guard x0 < x1, y0 < y1 else { continue }
            for y in y0 ..< y1 {
                pixels.replaceSubrange(y * size.width + x0 ..< y * size.width + x1, with: repeatElement(255, count: x1 - x0))
            }
        }
        return try Bitmap(width: size.width, height: size.height, channels: 1, pixels: pixels)
    }
}
