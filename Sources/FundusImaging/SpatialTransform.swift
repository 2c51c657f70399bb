/// A geometric change of an image that masks and keypoints follow exactly.
///
/// Each case becomes an affine map from input pixels to output pixels plus an
/// output size; `FundusImage.applying(_:)` warps the image and its masks and
/// moves its keypoints with the same map, and keeps the inverse so that any
/// result can be mapped back to the pixels of the photograph as sent.
public enum SpatialTransform: Sendable, Equatable {
    /// Mirror left–right (a right eye then looks like a left eye).
    case horizontalFlip
    case verticalFlip
    /// Rotate about the image centre, keeping the size.
    case rotate(degrees: Double)
    /// Scale about the image centre, keeping the size.
    case zoom(Double)
    /// Cut out `rect` (may extend past the border; the outside is filled black).
    case crop(Rect)
    /// Resize to exactly `Size` (aspect may change).
    case resize(Size)
    /// Resize to fit inside `Size` keeping the aspect, centred, padding with black.
    case letterbox(Size)

    /// The map from input pixel coordinates to output ones, and the output size.
    public func geometry(for input: Size) -> (transform: AffineTransform, size: Size) {
        let (w, h) = (Double(input.width), Double(input.height))
        let center = Point(x: (w - 1) / 2, y: (h - 1) / 2)
        switch self {
        case .horizontalFlip:
            return (AffineTransform(a: -1, b: 0, tx: w - 1, c: 0, d: 1, ty: 0), input)
        case .verticalFlip:
            return (AffineTransform(a: 1, b: 0, tx: 0, c: 0, d: -1, ty: h - 1), input)
        case .rotate(let degrees):
            return (.rotation(degrees: degrees, about: center), input)
        case .zoom(let factor):
            let t = AffineTransform.translation(-center.x, -center.y).then(.scale(factor, factor)).then(.translation(center.x, center.y))
            return (t, input)
        case .crop(let rect):
            let size = Size(width: max(Int(rect.width.rounded()), 1), height: max(Int(rect.height.rounded()), 1))
            return (.translation(-rect.x, -rect.y), size)
        case .resize(let size):
            return (Self.resizeMap(from: input, scaleX: Double(size.width) / w, scaleY: Double(size.height) / h), size)
        case .letterbox(let size):
            let s = min(Double(size.width) / w, Double(size.height) / h)
            let (fw, fh) = (w * s, h * s)
            let offset = AffineTransform.translation(((Double(size.width) - fw) / 2).rounded(.down), ((Double(size.height) - fh) / 2).rounded(.down))
            return (Self.resizeMap(from: input, scaleX: s, scaleY: s).then(offset), size)
        }
    }

    /// OpenCV's resize convention: pixel centres map as x' = (x + ½)·s − ½.
    static func resizeMap(from input: Size, scaleX: Double, scaleY: Double) -> AffineTransform {
        AffineTransform(a: scaleX, b: 0, tx: 0.5 * scaleX - 0.5, c: 0, d: scaleY, ty: 0.5 * scaleY - 0.5)
    }
}
